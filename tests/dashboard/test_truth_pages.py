"""Truth on the pages (AppTest): numbers, dates and words on screen mean what the sources say.

Rules (issue 10): derived bounds never shown as sourced; a fact the text does not date says so;
counts, charts and the date filter agree; key developments lead with what the text dates; no codes
or ids on a projected surface.
"""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest

from lagebild.dashboard.dating import dated_in_text
from lagebild.dashboard.fmt import bounds_source, fmt_date
from lagebild_testdata import PAGES
from test_app_pages import figures, markdown, run

ALL = PAGES + ["pages/briefing.py"]


def screen_text(at) -> str:
    """What a viewer reads: titles, markdown (link targets left out), captions, metrics, and every text and
    hover in the charts."""
    parts = [re.sub(r"\]\([^)]*\)", "]", e.value)
             for kind in ("title", "markdown", "caption", "subheader", "info", "warning") for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for f in figures(at):
        parts.append(f.get("layout", {}).get("title", {}).get("text") or "")
        for tr in f["data"]:
            for key in ("text", "hovertext", "name"):
                v = tr.get(key)
                parts += [str(x) for x in v] if isinstance(v, list) else [str(v or "")]
            parts += [str(x) for x in (f["layout"].get("yaxis", {}).get("ticktext") or [])]
    return "\n".join(parts)


def values(v) -> list:
    """A plotly array from the figure spec: a list, or a typed array ({"dtype", "bdata"} in base64)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def derived_bounds(t) -> set[str]:
    figs = t["troop_figures"]
    derived = figs[[bounds_source(lo, hi, q) == "derived" for lo, hi, q in zip(figs["low"], figs["high"], figs["qualifier"])]]
    values = {f"{int(v):,}" for v in figs["value"]}
    return {f"{int(v):,}" for col in ("low", "high") for v in derived[col].dropna()} - values


@pytest.mark.parametrize("page", ALL)
def test_no_derived_bound_and_no_range_word_on_any_page(small_store, small, page):
    text = screen_text(run(page))
    for bound in derived_bounds(small):
        assert not re.search(rf"(?<![\d,]){re.escape(bound)}(?![\d,])", text), (bound, page)
    assert "range 9" not in text and "range 1" not in text


@pytest.mark.parametrize("page", ALL)
def test_a_date_the_text_does_not_give_is_never_shown_as_the_facts(small_store, small, page):
    """The 11,000 and the North Korean ratification carry "2024-11" in the table (the article's month):
    nowhere may they read "Nov 2024" as if the text said so."""
    text = screen_text(run(page))
    for name in ("events", "troop_figures"):
        df = small[name]
        stamped = df[df["date"].notna() & ~dated_in_text(df, small["dates"])]
        own = {fmt_date(d, p) for d, p in zip(df.loc[~df.index.isin(stamped.index), "date"],
                                              df.loc[~df.index.isin(stamped.index), "date_precision"]) if isinstance(d, str)}
        for d, p in zip(stamped["date"], stamped["date_precision"]):
            label = fmt_date(d, p)
            if label in own:
                continue
            assert not re.search(rf"(?<![\d~] ){re.escape(label)}", text.replace("~", "~ ")), (label, page)


def test_the_overview_says_undated_and_approximate(small_store):
    at = run(PAGES[0], {"doc": "000_57acf05168c86062"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["As of"] == "~12 Nov 2024"  # the seed's publication date is inferred
    # The headline's claim is the amount as the text gives it ("etwa 11.000"), never the derived bounds.
    headline = next(m.value for m in at.markdown if "### " in m.value)
    assert "### about 11,000" in headline and "9,900" not in headline and "12,100" not in headline
    assert any("undated (article of ~12 Nov 2024)" in m.value.replace("\\", "") for m in [*at.caption, *at.markdown])


def test_date_filter_count_matches_the_chart(small_store, small):
    """November 2024: the Events metric and the chart's November bars count the same facts."""
    at = run(PAGES[0], {"from": "2024-11-01", "to": "2024-11-30"})
    n = int(next(m.value for m in at.metric if m.label == "Events"))
    (chart,) = figures(at)
    assert n == sum(sum(values(tr["y"])) for tr in chart["data"]) and n > 1
    only = run(PAGES[0], {"from": "2024-11-01", "to": "2024-11-30", "dated": "text"})
    assert int(next(m.value for m in only.metric if m.label == "Events")) == 1  # 6 November, dated in the text
    assert only.query_params["dated"] == "text" and only.sidebar.toggle[0].value


def test_events_per_month_bars_are_a_month_wide_with_integer_ticks(small_store):
    (chart,) = figures(run(PAGES[0]))
    for tr in chart["data"]:
        for w in values(tr["width"]):
            assert 27 * 86_400_000 * 0.9 <= w <= 31 * 86_400_000
    assert chart["layout"]["yaxis"]["tickformat"] == "d" and chart["layout"]["yaxis"]["dtick"] >= 1
    assert chart["layout"]["xaxis"]["dtick"] == "M1"  # the seed spans months: a label a month


def test_a_long_span_of_months_gets_few_tick_labels():
    from lagebild.dashboard.charts import month_tick
    assert month_tick(12) == "M1" and month_tick(30) == "M2" and month_tick(48) == "M3"
    assert month_tick(26 * 12) == "M24"  # a 1999 date beside 2025 ones: 13 labels, not 312
    for months in range(1, 600, 7):
        step = int(month_tick(months)[1:])
        assert months / step <= 16


def test_key_developments_lead_with_what_the_text_dates(small_store):
    at = run(PAGES[0], {"doc": "000_57acf05168c86062"})
    heads = [m.value.split("\n", 1)[0] for m in at.markdown if m.value.startswith("**") and " · **" in m.value]
    dated = [h for h in heads if not h.startswith("**undated")]
    assert dated == heads[:len(dated)] and len(dated) == 2  # 19 June, then 6 November, before the undated
    assert dated[0].startswith("**19 Jun 2024**") and dated[1].startswith("**6 Nov 2024**")
    assert sum("Ratification" in h for h in heads) == 2  # both ratifications the text has


@pytest.mark.parametrize("page", ALL)
def test_no_codes_or_ids_on_a_projected_surface(small_store, small, page):
    text = screen_text(run(page))
    codes = set(small["events"]["type"]) | set(small["troop_figures"]["kind"]) | {"asserted"}
    snake = {c for c in codes if "_" in c} | {a for a in small["actors"]["id"] if "-" in a}
    for code in snake:
        assert not re.search(rf"(?<![\w/=-]){re.escape(code)}(?![\w-])", text), (code, page)
    assert "type=" not in text and "(asserted)" not in text


def test_actor_cards_credit_only_what_the_actor_did_or_said(tmp_path, monkeypatch, seed_tables):
    """On the seed, Ukraine is the target of the deployment, not its author; Zelensky condemned, he did
    not fight: a card counts the events an actor is the source of apart from those it is target of."""
    from lagebild.store import parquet

    monkeypatch.setenv("LAGEBILD_TABLES", str(parquet.write_tables(seed_tables, tmp_path / "tables")))
    def did(card):  # the "What it did or said (n): …" part of the card
        m = re.search(r"\*\*What it did or said \((\d+)\):\*\*([^\n]*)", card)
        return (int(m.group(1)), m.group(2)) if m else (0, "")

    ev = seed_tables["events"]
    for actor_id, not_did, did_do in (("ukraine", "deployed", None), ("volodymyr-zelensky", "fought", "condemned")):
        at = run("pages/actors.py", {"actor": actor_id})
        (card,) = [c.value for c in at.markdown if c.value.startswith("### ")]
        n_by, text = did(card)
        assert not_did not in text and (did_do is None or did_do in text), card[-400:]
        assert n_by == int((ev["source"] == actor_id).sum())


@pytest.mark.parametrize("query, name", [("Selenskyj", "Volodymyr Zelensky"), ("Zelenskyy", "Volodymyr Zelensky"),
                                         ("Medwedew", "Dmitry Medvedev"), ("Kim Jong Un", "Kim Jong-un")])
def test_actor_search_finds_people_by_every_spelling_the_gazetteer_knows(small_store, query, name):
    at = run("pages/actors.py")
    at.text_input(key="actor_search").input(query).run()
    headings = [m.value.split("\n", 1)[0] for m in at.markdown if m.value.startswith("### ")]
    assert any(h.replace("\\", "").endswith(name) for h in headings), (query, headings)


def test_no_match_says_it_is_the_search(small_store):
    at = run("pages/actors.py")
    at.text_input(key="actor_search").input("Napoleon").run()
    (info,) = [i.value for i in at.info]
    assert "search" in info and "Napoleon" in info and "filters" not in info.lower()


def test_a_publication_date_says_its_precision_in_words():
    from lagebild.dashboard.fmt import published_line
    assert published_line("2025-12", "month") == "published Dec 2025 (month only)"
    assert published_line("2024-11-12", "approximate") == "published ~12 Nov 2024 (approximate)"
    assert published_line("2024-11-12", "day") == "published 12 Nov 2024"
    assert published_line(None, "unknown") == "publication date unknown"


def test_sources_names_the_documents_date_and_language_in_words(small_store):
    at = run("pages/sources.py")
    meta = " ".join(c.value for c in at.caption)
    assert "published " in meta and ("German" in meta or "English" in meta)
    assert "date day" not in meta and "date approximate" not in meta


def test_a_background_date_years_earlier_does_not_squeeze_the_timeline_and_is_said():
    import pandas as pd

    from lagebild.dashboard.charts import focus_range, left_out_note
    when = pd.Series(pd.to_datetime(["2000-02-09"] + [f"2024-{m:02d}-15" for m in range(6, 13)] + ["2025-01-05"] * 4))
    x_range, left = focus_range(when)
    assert len(left) == 1 and x_range[0] > pd.Timestamp("2024-01-01")
    assert left_out_note(left) == "← 1 event earlier (Feb 2000): double-click the chart to show all"
    # marks spread evenly over years: nothing is left out
    even = pd.Series(pd.to_datetime([f"{y}-06-01" for y in range(2000, 2026)]))
    assert len(focus_range(even)[1]) == 0
    # half the marks early: the chart shows all of them
    assert len(focus_range(pd.Series(pd.to_datetime(["2000-01-01"] * 5 + ["2024-01-01"] * 5)))[1]) == 0
