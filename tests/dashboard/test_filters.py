from datetime import date

import pandas as pd
from hypothesis import given, settings, strategies as st

from lagebild import schemas
from lagebild.dashboard.filters import FilterState, apply_filters, date_extent, date_interval, interval_columns


def test_default_state_returns_tables_unchanged(small):
    out = apply_filters(small, FilterState())
    assert all(out[k] is small[k] for k in small)


def test_actor_medvedev_leaves_only_his_warning(small):
    out = apply_filters(small, FilterState(actors=("dmitry-medvedev",)))
    assert out["events"]["type"].tolist() == ["warning"]
    assert out["events"]["event_id"].tolist() == ["e8"]
    assert len(out["troop_figures"]) == 0
    assert set(out["mentions"]["entity_id"]) == {"dmitry-medvedev"}
    assert out["actors"]["id"].tolist() == ["dmitry-medvedev"]
    assert out["documents"]["doc_id"].nunique() == 1


def test_actor_filter_keeps_figures_by_subject_or_claimant(small):
    by_claimant = apply_filters(small, FilterState(actors=("nis",)))
    assert by_claimant["troop_figures"]["value"].tolist() == [12000]
    by_subject = apply_filters(small, FilterState(actors=("north-korea",)))
    assert set(by_subject["troop_figures"]["value"]) == {11000, 12000, 200}
    # Events count north-korea as participant in actors or target.
    assert {"e1", "e2", "e5"} <= set(by_subject["events"]["event_id"])


def test_the_claimants_kept_between_filterings_are_those_of_the_tables_filtered(small):
    """The figures' claimants are worked out once per tables (the actor filter at 10,000 documents): other
    tables — a new store revision — are never filtered by the old tables' claimants."""
    assert apply_filters(small, FilterState(claimants=("nis",)))["troop_figures"]["value"].tolist() == [12000]
    other = dict(small)
    other["troop_figures"] = small["troop_figures"].assign(claimed_by=None)
    assert apply_filters(other, FilterState(claimants=("nis",)))["troop_figures"].empty
    assert apply_filters(small, FilterState(claimants=("nis",)))["troop_figures"]["value"].tolist() == [12000]


def test_actor_filter_keeps_places_reachable(small):
    out = apply_filters(small, FilterState(actors=("volodymyr-zelensky",)))
    assert set(out["places"]["id"]) == {"kursk-oblast"}
    assert set(out["mentions"]["entity_kind"]) <= {"actor", "place"}


def test_date_filter_uses_the_effective_date(small):
    out = apply_filters(small, FilterState(date_from=date(2024, 11, 10), date_to=date(2024, 11, 20)))
    # Facts the seed does not date stand at its publication (12 Nov 2024); 6 Nov (dated in the text) is outside.
    assert set(out["events"]["event_id"]) == {"e1", "e3", "e5", "e6", "e7", "e8"}
    assert sorted(out["troop_figures"]["value"]) == [11000, 50000]
    assert out["dates"].empty
    # "Only facts dated in the text" narrows the same range to what the text itself dates: nothing here.
    only = apply_filters(small, FilterState(date_from=date(2024, 11, 10), date_to=date(2024, 11, 20), text_dated=True))
    assert only["events"].empty and only["troop_figures"].empty


def test_only_facts_dated_in_the_text(small):
    out = apply_filters(small, FilterState(text_dated=True))
    assert set(out["events"]["event_id"]) == {"e2", "e4"}  # 19 June and 6 November, written in their sentences
    # The 11,000 carries the article's month as its date in the table; the text does not date it.
    assert 11000 not in set(out["troop_figures"]["value"])
    assert set(out["troop_figures"]["value"]) == {12000, 200}


def test_open_ended_date_bounds(small):
    out = apply_filters(small, FilterState(date_from=date(2025, 1, 1)))
    assert out["troop_figures"]["value"].tolist() == [12000]
    out = apply_filters(small, FilterState(date_to=date(2024, 6, 30)))
    assert out["events"]["event_id"].tolist() == ["e2"]


def test_type_and_doc_filters(small):
    out = apply_filters(small, FilterState(types=("ratification",)))
    assert set(out["events"]["event_id"]) == {"e1", "e4"}
    assert len(out["troop_figures"]) == len(small["troop_figures"])  # figures are not events
    out = apply_filters(small, FilterState(docs=("hostile-001",)))
    assert set(out["events"]["event_id"]) == {"e9"}
    assert out["documents"]["doc_id"].tolist() == ["hostile-001"]


def test_date_interval():
    assert date_interval("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_interval("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_interval("2024-11-04", "week") == (date(2024, 11, 4), date(2024, 11, 10))
    assert date_interval("2024-11-04", "day") == (date(2024, 11, 4), date(2024, 11, 4))
    assert date_interval(None) is None


def test_interval_columns_matches_date_interval():
    df = pd.DataFrame({"date": ["2024", "2024-02", "2024-11-04", "2024-11-04", None],
                       "date_precision": ["year", "month", "week", "day", None]})
    iv = interval_columns(df)
    for (d, p), lo, hi in zip(zip(df["date"], df["date_precision"]), iv["lo"], iv["hi"]):
        expected = date_interval(d, p)
        assert (expected is None and pd.isna(lo)) or (lo.date(), hi.date()) == expected


def test_date_extent(small):
    assert date_extent(small) == (date(2024, 6, 19), date(2025, 1, 31))


@settings(max_examples=15, deadline=None)
@given(
    actors=st.lists(st.sampled_from(["russia", "north-korea", "dmitry-medvedev", "nis", "gur", "kcna"]), max_size=3, unique=True),
    types=st.lists(st.sampled_from(schemas.EVENT_TYPES), max_size=3, unique=True),
    start=st.one_of(st.none(), st.dates(date(2024, 5, 1), date(2025, 7, 1))),
    days=st.one_of(st.none(), st.integers(0, 400)),
)
def test_filtered_tables_are_valid_subsets(synthetic, actors, types, start, days):
    end = None if start is None or days is None else date.fromordinal(start.toordinal() + days)
    state = FilterState(actors=tuple(actors), types=tuple(types), date_from=start, date_to=end)
    out = apply_filters(synthetic, state)
    for name, df in out.items():
        assert set(df.index) <= set(synthetic[name].index)
        assert list(df.columns) == list(synthetic[name].columns)
        schemas.validate(name, df)
    if actors:
        assert set(out["mentions"].loc[out["mentions"]["entity_kind"] == "actor", "entity_id"]) <= set(actors)
    if types:
        assert set(out["events"]["type"]) <= set(types)
    # Every remaining fact belongs to a remaining document.
    docs = set(out["documents"]["doc_id"])
    for name in ("events", "troop_figures", "dates", "mentions"):
        assert set(out[name]["doc_id"]) <= docs


def test_reviewed_only_keeps_confirmed_and_edited_facts_and_what_they_reach(small):
    tables = dict(small)
    for name in ("events", "troop_figures"):
        df = tables[name]
        tables[name] = df.assign(review_status=["confirmed"] + ["machine"] * (len(df) - 1))
    out = apply_filters(tables, FilterState(reviewed=True))
    assert len(out["events"]) == 1 and len(out["troop_figures"]) == 1
    sentences = {(r.doc_id, r.sentence) for t in ("events", "troop_figures") for r in out[t].itertuples()}
    assert {(r.doc_id, r.sentence) for r in out["mentions"].itertuples()} <= sentences
    assert set(out["documents"]["doc_id"]) == {d for d, _ in sentences}
    assert apply_filters(small, FilterState(reviewed=True))["events"].empty  # no status: nothing is reviewed
