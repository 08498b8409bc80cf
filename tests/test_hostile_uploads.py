"""Hostile uploads and files: each is one line naming the file, the rest of the batch is stored.

Crafted sidecars (deep nesting, oversized), saved pages whose HTML-to-text work grows with the
square of their size, and pages in the charset they declare (issue #21, items 3, 4 and 11)."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from lagebild.store import htmlpage
from lagebild.cli import main
from lagebild.store.db import effective_tables, open_store
from lagebild.extraction.documents import SIDECAR_MAX_BYTES, Meta
from lagebild.store.ingest import DocumentError, read_any, uploads_to_documents
from lagebild_testdata import ROOT

GOOD = "Nordkorea hat nach Angaben des Geheimdienstes rund 11.000 Soldaten in die russische Region Kursk entsandt.\n"
BRACKETS = b"[" * 100_000 + b"]" * 100_000  # 200 KB: json.loads raised RecursionError
ARTICLE = ("<html><head><meta charset=\"{charset}\"><title>T</title></head><body><article><h1>Truppen in Kursk</h1>"
           "<p>{body}</p></article><footer>Impressum</footer></body></html>")


def _upload(name: str, data: bytes):
    return SimpleNamespace(name=name, getvalue=lambda: data)


@pytest.mark.parametrize("sidecar, reason", [
    (BRACKETS, "too large"),
    (b'{"title": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
    (b'{"title": "x", "source": "' + b"a" * SIDECAR_MAX_BYTES + b'"}', "too large"),
])
def test_a_crafted_sidecar_is_one_line_and_the_batch_goes_on_in_the_app(sidecar, reason):
    out = uploads_to_documents([_upload("bad.txt", GOOD.encode()), _upload("bad.meta.json", sidecar),
                                _upload("good.txt", GOOD.encode())], Meta())
    errors = [d for d in out if isinstance(d, DocumentError)]
    assert [e.path for e in errors] == ["bad.meta.json"] and reason in errors[0].reason
    assert [d.doc_id for d in out if not isinstance(d, DocumentError)] == ["good"]


def _cli(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lagebild", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_a_crafted_sidecar_is_one_line_in_ingest_and_extract_and_the_rest_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_bad.txt").write_text(GOOD, encoding="utf-8")
    (folder / "a_bad.meta.json").write_bytes(BRACKETS)
    (folder / "b_deep.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b_deep.meta.json").write_bytes(b"[" * 3000 + b"]" * 3000)
    (folder / "c_good.txt").write_text(GOOD, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    ing = _cli(["ingest", str(folder), "--db", db, "--create"])
    assert ing.returncode == 1 and "Traceback" not in ing.stderr, ing.stderr
    lines = ing.stderr.strip().splitlines()
    assert sum("a_bad.meta.json" in line and "too large" in line for line in lines) == 1, lines
    assert sum("b_deep.meta.json" in line and "nested too deeply" in line for line in lines) == 1, lines
    assert "1 document(s) added" in lines[-1]
    engine = open_store(db)
    try:
        assert effective_tables(engine)["documents"]["doc_id"].tolist() == ["c_good"]
    finally:
        engine.dispose()
    ext = _cli(["extract", str(folder), "--compact"])
    assert ext.returncode == 1 and "Traceback" not in ext.stderr and len(ext.stderr.strip().splitlines()) == 2
    assert '"c_good"' in ext.stdout


@pytest.fixture
def extract_calls(monkeypatch):
    """The calls reaching trafilatura's extractor, with their ``fast`` flag (the work, not a clock)."""
    calls = []
    real = htmlpage.trafilatura.extract

    def spy(tree, **kw):
        calls.append(kw.get("fast", False))
        return real(tree, **kw)

    monkeypatch.setattr(htmlpage.trafilatura, "extract", spy)
    return calls


def test_a_page_of_markup_is_refused_in_one_line_before_any_extraction(extract_calls):
    # The page: `a<br>` to just under 2 MB, one block (505 s of HTML-to-text before).
    page = ("<html><body><div><p>Title text here.</p>" + "a<br>" * 400_000 + "</div></body></html>").encode()
    (err,) = uploads_to_documents([_upload("flood.html", page)], Meta())
    assert isinstance(err, DocumentError) and err.path == "flood.html"
    assert "elements" in err.reason and "\n" not in str(err)
    assert extract_calls == []


def test_a_large_page_gets_the_main_extractor_only_whose_work_grows_with_the_page(extract_calls):
    # 25,000 menu items: jusText's neighbour search took 44 s on 250 KB of them, growing with the square.
    menu = "<div><ul>" + "<li>a</li>" * 25_000 + "</ul></div>"
    page = ARTICLE.format(charset="utf-8", body=GOOD).replace("<footer>", menu + "<footer>").encode()
    (doc,) = uploads_to_documents([_upload("menu.html", page)], Meta())
    assert not isinstance(doc, DocumentError) and "11.000 Soldaten" in doc.text
    assert extract_calls == [True]
    small = ARTICLE.format(charset="utf-8", body=GOOD).encode()
    uploads_to_documents([_upload("small.html", small)], Meta())
    assert extract_calls == [True, False]  # small pages keep the fallbacks


@pytest.mark.parametrize("charset, body", [
    ("windows-1252", "Nordkorea hat rund 11.000 Soldaten in die Region Kursk entsandt, berichtete die Zeitung über "
                     "den Geheimdienst – am Mittwoch."),
    ("iso-8859-1", "Nordkorea hat rund 11.000 Soldaten in die Region Kursk entsandt, schrieb die Süddeutsche."),
    ("Shift_JIS", "北朝鮮はクルスク州に約1万1000人の兵士を派遣したと韓国の情報機関が明らかにした。North Korea sent troops to Kursk."),
])
def test_a_saved_page_is_decoded_by_its_declared_charset(tmp_path, charset, body):
    raw = ARTICLE.format(charset=charset, body=body).encode(htmlpage.declared_charset(
        f'<meta charset="{charset}">'.encode()))
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (doc,) = uploads_to_documents([_upload("page.html", raw)], Meta())
    assert not isinstance(doc, DocumentError), doc
    assert body in doc.text
    (tmp_path / "page.html").write_bytes(raw)
    assert body in read_any(tmp_path / "page.html").text


def test_a_page_not_in_its_declared_charset_is_one_line():
    raw = ARTICLE.format(charset="shift_jis", body="x").encode().replace(b"x", b"\x81\x20\xff\xfe")
    (err,) = uploads_to_documents([_upload("page.html", raw)], Meta())
    assert isinstance(err, DocumentError) and "declares charset shift_jis" in err.reason


def test_an_undeclared_non_utf8_page_is_still_refused_with_the_hint():
    raw = "<html><body><p>Größe für Kursk</p></body></html>".encode("cp1252")
    (err,) = uploads_to_documents([_upload("page.html", raw)], Meta())
    assert isinstance(err, DocumentError) and "not valid UTF-8" in err.reason
