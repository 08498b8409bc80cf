"""Briefings: the data-built default, storage (atomic, corrupt files), editing, the presenter page."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.dashboard import briefing as B
from lagebild.dashboard.app.tools import K_SLIDE
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild_testdata import DASHBOARD, HOSTILE_ID, SEED_ID, plain

BRIEFING = "pages/briefing.py"


@pytest.fixture
def briefings(tmp_path, monkeypatch):
    folder = tmp_path / "briefings"
    monkeypatch.setenv(B.BRIEFINGS_ENV, str(folder))
    return folder


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


# ---------------------------------------------------------------- the default briefing (pure)

def test_default_briefing_is_treaty_deployment_reactions_from_the_facts(small):
    b = B.default_briefing(small)
    assert [s.show for s in b.slides] == ["timeline", "map:kursk", "cards:reactions"]
    treaty, deploy, reactions = b.slides
    # Dates with their precision, claimants from the tables.
    assert treaty.title == "Treaty signed 19 Jun 2024, ratified 6 Nov 2024"
    # the text says "das russische Parlament": the slide names no body the text does not (issue #19)
    assert "russische Parlament" in treaty.takeaway and "19 Jun 2024" in treaty.takeaway
    assert set(treaty.params["type"]) == {"treaty_signing", "ratification"}
    # The qualifier in words, as the text gives it; bounds the engine derives from it are never on a slide.
    # The range of the current totals, each end as its claim states it, and who claims them.
    assert deploy.title == "Deployment: about 11,000 to up to 12,000 North Korean soldiers (2 claimants)"
    assert "11,000–12,000" not in deploy.title + deploy.takeaway and "range" not in deploy.takeaway
    assert "National Intelligence Service: up to 12,000 (20 Jan 2025)" in deploy.takeaway
    assert "unattributed in the text: about 11,000" in deploy.takeaway
    # Third parties only (Medvedev is Russia's: the treaty's parties do not react to it), one plain line each.
    assert reactions.title == "Reactions: Volodymyr Zelensky, Yoon Suk-yeol, National Intelligence Service"
    assert "Volodymyr Zelensky condemned Russia, undated" in reactions.takeaway
    assert "Yoon Suk-yeol threatened" in reactions.takeaway and "Medvedev" not in reactions.takeaway
    assert "“" not in reactions.takeaway
    for s in b.slides:
        assert s.as_of == "20 Jan 2025"
        assert s.footnotes, s.title


def test_every_footnote_quotes_its_source_document(small):
    texts = dict(zip(small["documents"]["doc_id"], small["documents"]["text"]))
    for s in B.default_briefing(small).slides:
        for n in s.footnotes:
            assert n["quote"] in texts[n["doc_id"]], n


def test_default_briefing_numbers_are_not_invented(small):
    """Every number in a title or takeaway appears in the facts (values, ranges, dates)."""
    figs = small["troop_figures"]
    known = {f"{int(v):,}" for col in ("value", "low", "high") for v in figs[col].dropna()}
    known |= {d for d in small["events"]["date"].dropna()} | {d for d in figs["date"].dropna()}
    known |= set(small["documents"]["published"].dropna())  # "undated (article of ~12 Nov 2024)"
    for s in B.default_briefing(small).slides:
        for token in re.findall(r"\d[\d,\-]*\d|\d", s.title + " " + s.takeaway):
            assert token in known or any(token in k for k in known), (token, s.title, s.takeaway)


def test_default_briefing_leaves_out_slides_without_facts(small):
    t = dict(small)
    t["events"] = small["events"].iloc[0:0]
    b = B.default_briefing(t)
    assert [s.show for s in b.slides] == ["map:kursk"]


def test_dates_keep_their_precision():
    assert B.fmt_date("2024-11", "month") == "Nov 2024"
    assert B.fmt_date("2024", "year") == "2024"
    assert B.fmt_date("2024-11-04", "week") == "week of 4 Nov 2024"
    assert B.fmt_date("2024-06-19", "day") == "19 Jun 2024"
    assert B.fmt_date(None, None) == "undated"


# ---------------------------------------------------------------- storage and editing

def test_save_load_roundtrip_is_readable_json_and_atomic(small, briefings):
    b = B.default_briefing(small)
    path = B.save(b)
    assert path == briefings / "default.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == 1 and len(data["slides"]) == 3 and data["slides"][0]["title"] == b.slides[0].title
    assert "\n  " in path.read_text()  # indented: readable and diffable
    assert [p.name for p in briefings.iterdir()] == ["default.json"]  # no temp file left behind
    assert B.load("default") == b


def test_move_and_delete(small):
    b = B.default_briefing(small)
    titles = [s.title for s in b.slides]
    moved = B.move_slide(b, 2, -1)
    assert [s.title for s in moved.slides] == [titles[0], titles[2], titles[1]]
    assert [s.title for s in b.slides] == titles  # the input is untouched
    assert [s.title for s in B.move_slide(b, 0, -1).slides] == titles  # at the edge: no change
    assert [s.title for s in B.delete_slide(b, 1).slides] == [titles[0], titles[2]]
    assert B.delete_slide(b, 7) is b


@pytest.mark.parametrize("content", ["{not json", '{"slides": [{"page": "map"}]}', '{"slides": "nope"}', "[]",
                                     '{"slides": [{"page": "map", "show": "pie-chart", "title": "x"}]}'])
def test_corrupt_file_gives_one_line_error_and_is_never_overwritten(small, briefings, content):
    briefings.mkdir()
    target = briefings / "default.json"
    target.write_text(content)
    with pytest.raises(B.BriefingError) as err:
        B.load("default")
    assert "\n" not in str(err.value) and "default.json" in str(err.value)
    with pytest.raises(B.BriefingError):
        B.save(B.default_briefing(small))
    assert target.read_text() == content


def test_names_are_checked(briefings):
    for bad in ["../etc/passwd", "Upper", "", "a b", "x" * 61]:
        with pytest.raises(B.BriefingError):
            B.path_of(bad)
    assert B.list_names() == ["default"]


def test_slide_from_view_stores_filters_and_footnotes(small):
    state = FilterState(actors=("nis",))
    filtered = apply_filters(small, state)
    s = B.slide_from_view("troop_figures", "figures:deployed", state, small, filtered, takeaway="NIS: 12,000")
    assert s.params == {"actor": ["nis"]} and s.page == "troop_figures"
    assert s.title.startswith("Troop figures: deployed · National Intelligence Service")
    assert [n["doc_id"] for n in s.footnotes] == [HOSTILE_ID]
    assert s.as_of == "20 Jan 2025"


def test_slide_figures_use_the_page_builders(small):
    from lagebild.dashboard import eventcharts as charts

    filtered = apply_filters(small, FilterState(types=("warning",)))
    fig = B.slide_figure("timeline", small, filtered)
    same = charts.timeline_chart(filtered["events"], small["documents"], small["actors"], undated_apart=True)
    assert fig.to_plotly_json() == same.to_plotly_json()
    assert B.slide_figure("cards:events", small, filtered) is None
    assert B.slide_figure("figures:casualties", small, apply_filters(small, FilterState(actors=("state-duma",)))) is None


# ---------------------------------------------------------------- the page (AppTest)

def open_briefing(query=None, timeout=60):
    at = AppTest.from_file(DASHBOARD, default_timeout=timeout)
    at.run()
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page(BRIEFING).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def button(at, key):
    return next(b for b in at.button if b.key == key)


def test_presenter_steps_through_slides_with_the_number_in_the_url(small_store, briefings):
    at = open_briefing()
    assert at.query_params["briefing"] == "default" and at.query_params["slide"] == "1"
    assert unescape(at.title[0].value) == "Treaty signed 19 Jun 2024, ratified 6 Nov 2024"
    assert len(at.get("plotly_chart")) == 1
    assert not at.sidebar.multiselect  # no filter widgets in presenter mode
    assert button(at, "lb_prev").disabled
    button(at, "lb_next").click().run()
    assert at.query_params["slide"] == "2"
    assert unescape(at.title[0].value).startswith("Deployment: about 11,000 to up to 12,000")
    button(at, "lb_next").click().run()
    assert at.query_params["slide"] == "3" and button(at, "lb_next").disabled
    assert "Volodymyr Zelensky" in "\n".join(m.value for m in at.markdown)
    button(at, "lb_prev").click().run()
    assert at.query_params["slide"] == "2"
    sources = next(m.value for m in at.markdown if m.value.startswith("**Sources**"))
    assert "up to 12,000 North Korean soldiers" in unescape(sources)
    assert not at.exception



def test_stepping_through_slides_builds_the_default_briefing_once_per_store_state(small_store, briefings, monkeypatch):
    """The default briefing reads every fact (13 s at 10,000 documents): a slide step, which reruns the
    page, uses the one already built for the same tables instead of building it again."""
    from lagebild.dashboard.briefing import compose

    built = []
    real = compose.default_briefing
    counted = lambda tables: built.append(1) or real(tables)  # noqa: E731
    monkeypatch.setattr(B, "default_briefing", counted)
    monkeypatch.setattr(compose, "default_briefing", counted)
    at = open_briefing()
    button(at, "lb_next").click().run()
    button(at, "lb_next").click().run()
    assert at.query_params["slide"] == "3" and not at.exception
    assert len(built) <= 1

def test_slide_from_the_url_and_bad_values_fall_back_with_a_notice(small_store, briefings):
    at = open_briefing({"slide": "3"})
    assert unescape(at.title[0].value).startswith("Reactions")
    at = open_briefing({"slide": "99", "briefing": "nope"})
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "slide=99" in notices and "nope" in notices
    assert at.query_params["slide"] == "3" and at.query_params["briefing"] == "default"


def test_corrupt_briefing_file_shows_a_notice_and_is_kept(small_store, briefings):
    briefings.mkdir()
    (briefings / "default.json").write_text("{broken")
    at = open_briefing()
    assert any("default.json" in plain(w.value) and "not a readable briefing" in plain(w.value) for w in at.warning)
    assert button(at, "lb_del_0").disabled
    assert (briefings / "default.json").read_text() == "{broken"


def test_reorder_and_delete_persist(small_store, briefings):
    at = open_briefing()
    button(at, "lb_down_0").click().run()
    stored = json.loads((briefings / "default.json").read_text())
    assert [s["show"] for s in stored["slides"]] == ["map:kursk", "timeline", "cards:reactions"]
    assert at.query_params["slide"] == "2"  # follows the moved slide
    button(at, "lb_del_2").click().run()
    stored = json.loads((briefings / "default.json").read_text())
    assert [s["show"] for s in stored["slides"]] == ["map:kursk", "timeline"]
    # Survives a restart: a new session reads the file.
    at = open_briefing()
    assert unescape(at.title[0].value).startswith("Deployment")


def test_save_current_view_as_slide_from_another_page(small_store, briefings):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["actor"] = "nis"
    at.run()
    at.switch_page("pages/troop_figures.py").run()
    assert not at.exception
    assert not [w for w in at.sidebar.text_input if w.key.startswith("_lb_")]  # the tool is built only when opened
    at.session_state[K_SLIDE] = True  # what opening "Add this view to a briefing" does
    at.run()
    at.sidebar.text_input(key="_lb_slide_takeaway").input("NIS says up to 12,000")
    at.sidebar.text_input(key="_lb_new_briefing").input("morning")
    next(b for b in at.sidebar.button if b.label == "Add slide").click().run()
    assert not at.exception
    stored = json.loads((briefings / "morning.json").read_text())
    (slide,) = stored["slides"]
    assert slide["page"] == "troop_figures" and slide["params"] == {"actor": ["nis"]}
    assert slide["takeaway"] == "NIS says up to 12,000" and slide["footnotes"][0]["doc_id"] == HOSTILE_ID
    assert any("slide 1" in s.value for s in at.sidebar.success)
    at = open_briefing({"briefing": "morning"})
    assert unescape(at.title[0].value).startswith("Troop figures: deployed")
    assert len(at.get("plotly_chart")) == 1


def test_filters_come_back_after_the_briefing(small_store, briefings):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["actor"] = "kim-jong-un"
    at.run()
    at.switch_page(BRIEFING).run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert next(w for w in at.sidebar.multiselect if w.label == "Actors").value == ["kim-jong-un"]
    assert at.query_params.get("actor") == "kim-jong-un"


def test_a_slide_of_an_empty_tab_is_refused_and_the_tab_with_facts_offered(small_store, briefings):
    """Zelensky claims only the mobilised figure: "Troop figures: deployed" would be an empty slide."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["actor"] = "volodymyr-zelensky"
    at.run()
    at.switch_page("pages/troop_figures.py").run()
    at.session_state[K_SLIDE] = True
    at.run()
    at.sidebar.selectbox(key="_lb_visual").select("figures:deployed")
    next(b for b in at.sidebar.button if b.label == "Add slide").click().run()
    assert not at.exception
    assert not (briefings / "default.json").exists()  # nothing saved
    (warning,) = [w.value for w in at.sidebar.warning]
    assert "no facts" in warning and "Troop figures: mobilised" in warning
    assert at.sidebar.selectbox(key="_lb_visual").value == "figures:mobilised"
    next(b for b in at.sidebar.button if b.label == "Add slide").click().run()
    (slide,) = [s for s in json.loads((briefings / "default.json").read_text())["slides"] if s["show"] == "figures:mobilised"]
    assert slide["params"] == {"actor": ["volodymyr-zelensky"]}


def test_the_active_tab_is_in_the_url_and_is_what_a_slide_shows(small_store, briefings):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.query_params["tab"] = "Mobilised and other"
    at.switch_page("pages/troop_figures.py").run()
    assert not at.exception
    assert at.session_state["tab"] == "Mobilised and other"
    at.session_state[K_SLIDE] = True
    at.run()
    assert at.sidebar.selectbox(key="_lb_visual").value == "figures:mobilised"


def test_slides_show_the_review_status_of_their_facts(db_url, briefings):
    """Issue 12: a slide's sources and event cards say machine / confirmed / edited (the pages' badges)."""
    from lagebild.store.db import effective_tables, open_store, review
    from lagebild.dashboard.fmt import review_badge

    open_briefing()  # seeds the store
    engine = open_store(db_url)
    tables = effective_tables(engine)
    slide = B.default_briefing(tables).slides[0]
    note = slide.footnotes[0]
    fact = next(df.loc[(df["doc_id"] == note["doc_id"]) & (df["sentence"] == note["sentence"]) & (df["quote"] == note["quote"])]
                for df in (tables["events"], tables["troop_figures"])
                if ((df["doc_id"] == note["doc_id"]) & (df["quote"] == note["quote"])).any()).iloc[0]
    review(engine, fact["fact_id"], "accept", reviewer="Ana")
    at = open_briefing()
    sources = next(m.value for m in at.markdown if m.value.startswith("**Sources**"))
    assert review_badge("confirmed") in sources.split("\n1. ")[1].split("\n")[0]  # the first note: confirmed
    if len(slide.footnotes) > 1:
        assert review_badge("machine") in sources
    cards = B.event_cards(tables, tables)
    assert cards and {c["review"] for c in cards} <= {"machine", "confirmed", "edited"}
    # The exported HTML says it too.
    from lagebild.dashboard.export import briefing_html
    html = briefing_html(B.default_briefing(effective_tables(engine)), effective_tables(engine))
    assert "(confirmed by an analyst)" in html


def test_the_treaty_slide_on_all_documents_says_dates_as_precisely_as_a_report_gives_them():
    """Eleven documents: some date the signing to the month, others to the day; the slide says the day, and
    the old treaty's 2000 date (a termination in the Interfax text) is never a ratification."""
    from lagebild import paths
    from lagebild.store import parquet
    from lagebild.dashboard.briefing.compose import default_briefing

    treaty = default_briefing(parquet.read_tables(paths.TABLES)).slides[0]
    assert treaty.title == "Treaty signed 19 Jun 2024, ratified 6 Nov 2024"
    assert "2000" not in treaty.title + treaty.takeaway


def test_a_statement_without_a_named_source_has_no_speaker_on_a_card():
    from lagebild.dashboard.briefing.compose import speaker
    names = {"north-korea": "North Korea", "russia": "Russia"}
    said = {"type": "statement", "source": None, "actors": "north-korea"}
    assert speaker(said, names) == "no speaker named"
    done = {"type": "troop_deployment", "source": None, "actors": "north-korea; russia"}
    assert speaker(done, names) == "no actor named"  # never the actors it only names (issue #19)
    assert speaker({**done, "claimed_by": "russia"}, names) == "according to Russia"
