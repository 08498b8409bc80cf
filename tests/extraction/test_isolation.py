"""One document can never take the batch down: an absurd figure is skipped with a
warning naming the file, and any failure inside one document's extraction (or a row
that breaks the table contract) costs that document only, as one line on stderr."""

import json

import pytest

from lagebild.extraction import pipeline
from lagebild.store.parquet import read_tables
from lagebild_testdata import run_cli as run

GOOD = "Titel\nEtwa 11.000 nordkoreanische Soldaten sind in der Region Kursk im Einsatz.\n"




@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("figure", ["9.223.372.036.854.775.808", "9.223.372.036.854.775.807",
                                    "9223372036854775807", "99.000.000.000", "1.000.000 Millionen"])
def test_absurd_figure_is_skipped_with_a_warning_and_the_run_is_written(corpus, figure):
    (corpus / "absurd.txt").write_text(
        f"Meldung\nNordkorea hat {figure} Soldaten nach Russland geschickt. Das meldete Seoul.\n", encoding="utf-8")
    out = corpus / "out"
    code, _, err = run("extract", corpus, "--out", out)
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert lines[0].startswith("lagebild: warning: ") and "absurd.txt" in lines[0] and "out of range" in lines[0]
    tables = read_tables(out / "tables")
    assert sorted(tables["documents"]["doc_id"]) == ["absurd", "good"]
    assert tables["troop_figures"]["value"].tolist() == [11000]
    assert (tables["mentions"]["doc_id"] == "absurd").any()  # the rest of the document is kept


def test_a_failure_inside_one_document_costs_that_document_only(corpus, monkeypatch):
    (corpus / "boom.txt").write_text("Titel\nNordkorea schickte 5.000 Soldaten. BOOM.\n", encoding="utf-8")
    real = pipeline.extract_figures

    def flaky(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("rule bug\nsecond line")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_figures", flaky)
    code, stdout, err = run("extract", corpus, "--format", "json")
    assert code == 1
    assert err.strip().splitlines() == [f"lagebild: {corpus / 'boom.txt'}: extraction failed (RuntimeError: rule bug)"]
    out = json.loads(stdout)
    for table in ("documents", "mentions", "dates", "troop_figures", "events"):
        assert all(row["doc_id"] == "good" for row in out[table]), table  # nothing half-written
    assert [f["value"] for f in out["troop_figures"]] == [11000]


def test_a_row_breaking_the_contract_costs_that_document_only(corpus, monkeypatch):
    # With the range check lifted, the figure reaches pandera, which cannot store it.
    monkeypatch.setattr(pipeline, "MAX_FIGURE", 2 ** 80)
    (corpus / "huge.txt").write_text("Meldung\nNordkorea hat 9.223.372.036.854.775.808 Soldaten geschickt.\n",
                                     encoding="utf-8")
    out = corpus / "out"
    code, _, err = run("extract", corpus, "--out", out, "--partial")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err, err
    assert lines[0].startswith(f"lagebild: {corpus / 'huge.txt'}: troop_figures breaks the table contract")
    assert read_tables(out / "tables")["documents"]["doc_id"].tolist() == ["good"]


def test_every_figure_of_one_overlong_sentence_is_extracted_with_its_quote():
    text = "Titel\n" + "etwa 11.000 nordkoreanische Soldaten in Kursk, " * 5_000 + "\n"
    rows = pipeline.extract_document_rows(text, {"language": "de"})
    figures = rows["troop_figures"]
    assert len(figures) == 5_000
    assert all(f["value"] == 11000 and f["quote"] == text[f["start"]:f["end"]] for f in figures)
