"""The frame: filters from and to the URL, notices, reset, page switches, store errors."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lagebild_testdata import DASHBOARD, PAGES, plain, small_tables
from lagebild.store import parquet


def run(query=None, page=None, timeout=60):
    at = AppTest.from_file(DASHBOARD, default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def widget(at, label):
    return next(w for w in at.sidebar.multiselect if w.label == label)


def test_default_run_has_no_exception_and_empty_url(small_store):
    at = run()
    assert not at.exception
    assert not at.warning
    assert {k: v for k, v in at.query_params.items()} == {}
    assert widget(at, "Actors").value == []
    assert any(m.value == "**Latest claims: North Korean troops deployed in total**" for m in at.markdown)


def test_query_params_set_the_filters(small_store):
    at = run({"actor": ["dmitry-medvedev"], "from": "2024-01-01", "type": "warning"})
    assert not at.exception and not at.warning
    assert widget(at, "Actors").value == ["dmitry-medvedev"]
    assert widget(at, "Event types").value == ["warning"]
    assert date_field(at, "From").value == "2024-01-01"
    assert at.query_params["actor"] == "dmitry-medvedev"
    assert at.query_params["from"] == "2024-01-01"


def date_field(at, label):
    return next(w for w in at.sidebar.text_input if w.label == label)


def test_a_typed_date_applies_on_enter_and_a_month_means_the_whole_month(small_store):
    """The date fields are text: AppTest's ``input().run()`` is what Enter (or leaving the field) does."""
    at = run()
    date_field(at, "From").input("2024-11").run()
    date_field(at, "To").input("2024-11").run()
    assert not at.exception and not at.warning
    assert at.query_params["from"] == "2024-11-01" and at.query_params["to"] == "2024-11-30"
    assert date_field(at, "From").value == "2024-11"  # the field keeps what the analyst typed


def test_a_typed_non_date_says_so_in_one_line_and_filters_nothing(small_store):
    at = run({"actor": "dmitry-medvedev"})
    date_field(at, "From").input("2024-13-01").run()
    assert not at.exception
    (notice,) = [plain(w.value) for w in at.sidebar.warning]
    assert "2024-13-01" in notice and "is not a date" in notice
    assert "from" not in at.query_params and at.query_params["actor"] == "dmitry-medvedev"
    date_field(at, "From").input("[x](https://e.x/login)").run()
    assert not at.exception
    (notice,) = [w.value for w in at.sidebar.warning]
    assert "[x](" not in notice and "e.x" in plain(notice)  # shown literally, no link


def test_invalid_params_are_dropped_with_visible_notices(small_store):
    at = run({"actor": ["nobody", "russia"], "from": "not-a-date", "type": "explosion", "doc": "nope"})
    assert not at.exception
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "nobody" in notices and "not-a-date" in notices and "explosion" in notices and "nope" in notices
    assert widget(at, "Actors").value == ["russia"]
    assert at.query_params == {"actor": "russia"}


def test_params_survive_page_switches(small_store):
    at = run({"actor": "kim-jong-un"})
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.query_params.get("actor") == "kim-jong-un", page
        assert widget(at, "Actors").value == ["kim-jong-un"]


def test_widget_change_updates_url_and_reset_clears_it(small_store):
    at = run()
    widget(at, "Actors").set_value(["nis", "gur"]).run()
    assert at.query_params["actor"] == ["nis", "gur"]
    at.sidebar.button[0].click().run()
    assert widget(at, "Actors").value == []
    assert "actor" not in at.query_params


@pytest.mark.parametrize("damage", ["missing", "corrupt", "schema"])
def test_broken_store_shows_rebuild_command(tmp_path, monkeypatch, damage):
    folder = parquet.write_tables(small_tables(), tmp_path / "tables")
    target = Path(folder) / "events.parquet"
    if damage == "missing":
        target.unlink()
    elif damage == "corrupt":
        target.write_bytes(b"this is not parquet")
    else:
        import pandas as pd
        pd.DataFrame({"bogus": [1]}).to_parquet(target)
    monkeypatch.setenv("LAGEBILD_TABLES", str(folder))
    at = run()
    assert not at.exception
    assert at.error and "events.parquet" in plain(at.error[0].value)
    assert any(parquet.REBUILD_HINT in c.value for c in at.code)
