"""Every page under AppTest: runs with default, URL and invalid filters; filters change what pages show."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from lagebild_testdata import DASHBOARD, HOSTILE_ID, PAGES


def run(page, query=None):
    """Open ``page`` with ``query`` as the URL, as a shared link does (the first run starts the session)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if page == PAGES[0]:
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.run()
    else:
        at.run()
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def figures(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace_names(at):
    return [[t.get("name") for t in f["data"]] for f in figures(at)]


def markdown(at):
    return "\n".join(m.value for m in at.markdown)


QUERIES = [None, {"actor": ["russia", "nis"], "from": "2024-06-01", "to": "2025-06-30", "type": ["warning", "ratification"]},
           {"actor": "???", "from": "31.12.2024", "type": "nope", "doc": "missing", "sentence": "x"}]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("query", QUERIES, ids=["default", "filtered", "invalid"])
def test_page_runs(small_store, page, query):
    at = run(page, query)
    assert at.title
    if query and "doc" in query:
        assert at.warning


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_synthetic_store(synthetic_store, page):
    run(page)


def test_medvedev_leaves_only_his_warning(small_store):
    q = {"actor": "dmitry-medvedev"}
    overview = run(PAGES[0], q)
    md = markdown(overview)
    assert "warning" in md.lower() and "Medwedew" in md
    assert "ratification" not in md.lower() and "threat" not in md.lower()
    assert [m.value for m in overview.metric][1] == "1"  # events
    timeline = run("pages/timeline.py", q)
    (fig,) = figures(timeline)
    assert fig["layout"]["yaxis"]["ticktext"] == ["Warning"]  # plain words, one row: his warning
    actors = run("pages/actors.py", q)
    (card,) = [h.value for h in actors.markdown if h.value.startswith("### ")]
    heading = card.split("\n", 1)[0]
    assert heading.endswith("Dmitry Medvedev") and heading.startswith("### ![RU](data:image/svg+xml;base64,")
    assert "warning" in card.lower() and "Medwedew" in card  # his statement is on his card


def test_type_filter_changes_timeline(small_store):
    (fig,) = figures(run("pages/timeline.py", {"type": ["ratification"]}))
    assert fig["layout"]["yaxis"]["ticktext"] == ["Ratification"]


def test_map_has_regions_pins_and_link(small_store):
    at = run("pages/map.py")
    names = trace_names(at)
    assert len(names) == 3
    kursk, korea, overview = names
    assert "Kursk Oblast" in kursk and "Countries" in kursk and "Region labels" in kursk
    assert "Region figure: Kursk Oblast" in kursk  # vague location drawn as region
    assert any(n and n.startswith("Figure pin: Sudzha") for n in kursk)  # Sudzha is a pin
    assert "Pyongyang → Kursk" in overview and "Distance" in overview
    dist = next(t for t in figures(at)[2]["data"] if t["name"] == "Distance")["text"][0]
    assert "6,700 km" in dist
    assert "Cities" in korea
    for f in figures(at):  # offline: cartesian scatter only, no geo/mapbox/maplibre traces
        assert {t["type"] for t in f["data"]} == {"scatter"}


def test_map_follows_filters(small_store):
    names = trace_names(run("pages/map.py", {"actor": "dmitry-medvedev"}))
    assert not any(n and ("Figure" in n) for n in names[0])


def test_troop_figures_charts_claims_by_claimant(small_store, small):
    at = run("pages/troop_figures.py")
    figs = figures(at)
    assert len(figs) == 3  # deployment, casualties, other figures: kept apart
    deployed = {t["name"] for t in figs[0]["data"] if t.get("showlegend") is not False}
    assert deployed == {"National Intelligence Service", "unattributed in the text"}
    nis = next(t for t in figs[0]["data"] if t.get("name") == "National Intelligence Service")
    # As stated ("up to", not a range the extraction derived), with its source in the hover.
    hover = nis["hovertext"][0]
    assert "up to 12,000" in hover and "1 report, 1 independent source" in hover
    assert "<b>markup" not in hover and "&lt;b&gt;markup" in hover  # the document title, escaped
    assert [t["name"].endswith("· killed") for t in figs[1]["data"] if t.get("name")] == [True]
    # The claims table lists every claim with its sources; mentions stay in the lazy expander.
    (claims,) = at.dataframe
    assert len(claims.value) == len(small["troop_figures"])
    assert {"claimant", "figure", "sources", "reports", "independent sources", "open"} <= set(claims.value.columns)
    assert [e.label for e in at.main.expander] == ["Every reported figure (mention) with provenance"]
    at.session_state["figures_table"] = True
    at.run()
    table = at.dataframe[1]
    assert len(table.value) == len(small["troop_figures"]) and "open" in table.value.columns


def test_troop_figures_empty_selection_says_so(small_store):
    at = run("pages/troop_figures.py", {"actor": "kcna"})
    assert not at.get("plotly_chart")
    assert any("No " in i.value for i in at.info)


def test_sources_shows_hostile_text_literally_and_highlights_target(small_store):
    at = run("pages/sources.py", {"source": HOSTILE_ID, "sentence": "1"})
    body = at.get("html")[0].proto.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "**bold**" in body
    assert "<script>alert(1)" not in body
    assert 'id="lb-target"' in body
    assert not at.dataframe  # the tables are built when their tab is opened


def test_sources_tables_open_in_their_tab_and_keep_it_across_filter_changes(small_store):
    at = run("pages/sources.py")
    labels = [t.label for t in at.tabs]
    assert labels[0] == "Document text" and labels[1].startswith("Documents · ") and labels[2].startswith("Events · ")
    at.session_state["sources_tab"] = labels[2]  # what clicking the tab does
    at.run()
    assert not at.exception and not at.get("html")
    (events,) = at.dataframe
    assert len(events.value) == int(labels[2].split("· ")[1]) and at.get("download_button")
    at.multiselect(key="f_actor").set_value(["dmitry-medvedev"]).run()  # new counts, new labels: the tab stays
    assert not at.exception
    (events,) = at.dataframe
    assert len(events.value) == 1 and [t.label for t in at.tabs][2] == "Events · 1"
    at.session_state["sources_tab"] = [t.label for t in at.tabs][1]
    at.run()
    (docs,) = at.dataframe
    assert "text" not in docs.value.columns and len(docs.value) == int([t.label for t in at.tabs][1].split("· ")[1])


def test_hostile_quote_is_escaped_everywhere(small_store):
    for page in ("pages/overview.py", "pages/actors.py"):
        md = markdown(run(page, {"doc": HOSTILE_ID}))
        assert "<script>" not in md and "**bold**" not in md


def test_actor_focus_sets_filter(small_store):
    at = run("pages/actors.py")
    next(b for b in at.button if b.key == "focus_dmitry-medvedev").click().run()
    assert at.query_params.get("actor") == "dmitry-medvedev"


def _regional_indicators(text: str) -> set[str]:
    return {c for c in text if 0x1F1E6 <= ord(c) <= 0x1F1FF}


@pytest.mark.parametrize("store", ["small_store", "synthetic_store"])
def test_actors_show_flag_images_not_emoji(request, store):
    request.getfixturevalue(store)
    at = run("pages/actors.py")
    text = markdown(at) + "\n".join(c.value for c in at.caption)
    assert not _regional_indicators(text)  # emoji flags are tofu on PCs without an emoji font
    headings = [h for h in at.markdown if h.value.startswith("### ")]
    assert headings and all(h.value.startswith("### ![") and "](data:image/svg+xml;base64," in h.value for h in headings)
    assert all("<" not in h.value.replace("\\<", "") for h in headings)  # a Markdown image: no HTML at all
    assert not any(h.proto.allow_html for h in headings)
