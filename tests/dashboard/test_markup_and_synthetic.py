import pandas as pd

from lagebild import schemas
from lagebild.dashboard.markup import highlighted_html, md_escape
from benchmarks.synthetic import main, synthetic_tables
from lagebild.store.parquet import read_tables


def test_md_escape_neutralises_markdown_and_html():
    out = md_escape("<script>alert(1)</script> **bold** [x](y) $x$")
    assert "<script>" not in out and "**" not in out and "$x$" not in out
    assert out.replace("\\", "") == "<script>alert(1)</script> **bold** [x](y) $x$"


def test_highlighted_html_escapes_and_marks():
    text = "A <script>alert(1)</script> **bold** Kursk."
    k = text.index("Kursk")
    out = highlighted_html(text, [(k, k + 5, "place", "place: Kursk"), (0, len(text), "event", "e")], target=(k, k + 5))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "**bold**" in out
    assert 'id="lb-target"' in out and "lb-place" in out


def test_synthetic_is_valid_deterministic_and_has_provenance():
    a, b = synthetic_tables(40, seed=3), synthetic_tables(40, seed=3)
    for name in schemas.TABLES:
        pd.testing.assert_frame_equal(a[name], b[name])
        schemas.validate(name, a[name])
    texts = a["documents"].set_index("doc_id")["text"]
    for name in ("mentions", "dates", "troop_figures", "events"):
        for r in a[name].itertuples():
            assert texts[r.doc_id][r.start:r.end] == r.quote
    facts = len(a["events"]) + len(a["troop_figures"]) + len(a["dates"])
    assert 7 * 40 <= facts <= 13 * 40
    assert set(a["troop_figures"]["kind"]) >= {"deployed", "mobilised", "casualties"}
    assert {"day", "month"} <= set(a["events"]["date_precision"].dropna())


def test_synthetic_cli_writes_a_store(tmp_path):
    assert main([str(tmp_path / "t"), "5"]) == 0
    assert len(read_tables(tmp_path / "t")["documents"]) == 5
