"""Special files in a folder, other encodings, late NUL bytes and huge files: one line each
naming the file and the reason (never skipped silently), the rest extracted."""

from __future__ import annotations

import json
import os
import resource

import pytest

from lagebild.extraction.documents import DocumentError, read_document
from lagebild_testdata import run_cli as run

GOOD = "Titel\nEtwa 11.000 nordkoreanische Soldaten sind in der Region Kursk im Einsatz.\n"




def test_special_files_in_a_folder_are_one_line_each(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "dangling.txt").symlink_to("nowhere.txt")
    code, out, err = run("extract", tmp_path, "--format", "json")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"lagebild: {tmp_path / 'dangling.txt'}: dangling symbolic link (its target is missing)",
        f"lagebild: {tmp_path / 'fifo.txt'}: not a regular file (a named pipe)",
        f"lagebild: {tmp_path / 'folder.txt'}: not a regular file (a folder)",
        f"lagebild: {tmp_path / 'loop.txt'}: symbolic link loop",
    ]
    assert [d["doc_id"] for d in json.loads(out)["documents"]] == ["good"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    raw = GOOD.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # the plain codecs write no mark: add it
        raw = "\ufeff".encode(encoding) + raw
    (tmp_path / "doc.txt").write_bytes(raw)
    doc = read_document(tmp_path / "doc.txt")
    assert doc.text == GOOD


def test_broken_utf16_names_the_encoding(tmp_path):
    (tmp_path / "doc.txt").write_bytes(b"\xff\xfe" + "Titel".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    with pytest.raises(DocumentError, match="UTF-16"):
        read_document(tmp_path / "doc.txt")


def test_a_nul_byte_anywhere_is_refused(tmp_path):
    (tmp_path / "doc.txt").write_bytes(GOOD.encode() + b"a" * 100_000 + b"\x00" + b"Soldaten.\n")
    with pytest.raises(DocumentError, match="NUL"):
        read_document(tmp_path / "doc.txt")


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: 1 GB on paper, nothing on disk
        f.truncate(1024 ** 3)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(DocumentError, match=r"too large \(1073\.7 MB"):
        read_document(big)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing was read
