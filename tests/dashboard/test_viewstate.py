from datetime import date

from hypothesis import given, settings, strategies as st

from lagebild import schemas
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.viewstate import parse_params, query_string, to_params

ACTORS = ["russia", "north-korea", "dmitry-medvedev", "kim-jong-un"]
DOCS = ["d1", "d2"]


def parse(params):
    return parse_params(params, actor_ids=ACTORS, event_types=schemas.EVENT_TYPES, doc_ids=DOCS)


def test_defaults_are_left_out():
    assert to_params(FilterState()) == {}
    assert query_string(FilterState()) == ""


def test_full_roundtrip():
    state = FilterState(actors=("russia", "kim-jong-un"), date_from=date(2024, 6, 1), date_to=date(2024, 12, 31),
                        types=("warning",), docs=("d2",))
    params = to_params(state)
    assert params == {"actor": ["russia", "kim-jong-un"], "from": "2024-06-01", "to": "2024-12-31", "type": ["warning"], "doc": ["d2"]}
    assert parse(params) == (state, [])
    assert query_string(state).startswith("?actor=russia&actor=kim-jong-un&from=2024-06-01")


def test_single_values_are_accepted_as_strings():
    state, notices = parse({"actor": "dmitry-medvedev", "type": "warning"})
    assert state == FilterState(actors=("dmitry-medvedev",), types=("warning",))
    assert notices == []


def test_unknown_and_malformed_values_are_dropped_with_notices():
    state, notices = parse({"actor": ["russia", "nobody"], "from": "2024-13-45", "to": "yesterday",
                            "type": ["warning", "explosion"], "doc": ["d9"]})
    assert state == FilterState(actors=("russia",), types=("warning",))
    assert len(notices) == 5
    assert any("nobody" in n for n in notices) and any("2024-13-45" in n for n in notices)


def test_a_month_or_year_is_accepted_and_out_of_range_or_bad_dates_are_rejected():
    # Issue #19: from=2025-01 means the month, as the sidebar's field does (from: its first day, to: its last).
    state, notices = parse({"from": "2024-11", "to": "2025"})
    assert (state.date_from, state.date_to) == (date(2024, 11, 1), date(2025, 12, 31)) and not notices
    state, notices = parse({"from": "2024-13", "to": "3024-01-01"})
    assert state == FilterState() and len(notices) == 2


def test_reversed_range_is_swapped_with_notice():
    state, notices = parse({"from": "2025-01-01", "to": "2024-01-01"})
    assert (state.date_from, state.date_to) == (date(2024, 1, 1), date(2025, 1, 1))
    assert len(notices) == 1


def test_duplicates_collapse():
    state, _ = parse({"actor": ["russia", "russia"]})
    assert state.actors == ("russia",)


@settings(max_examples=60, deadline=None)
@given(
    actors=st.lists(st.sampled_from(ACTORS), unique=True, max_size=4),
    types=st.lists(st.sampled_from(schemas.EVENT_TYPES), unique=True, max_size=4),
    docs=st.lists(st.sampled_from(DOCS), unique=True),
    d1=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31))),
    d2=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31))),
)
def test_roundtrip_property(actors, types, docs, d1, d2):
    if d1 and d2 and d1 > d2:
        d1, d2 = d2, d1
    state = FilterState(tuple(actors), d1, d2, tuple(types), tuple(docs))
    assert parse(to_params(state)) == (state, [])


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["actor", "from", "to", "type", "doc", "x"]),
                       st.one_of(st.text(max_size=12), st.lists(st.text(max_size=12), max_size=3))))
def test_parse_never_crashes(params):
    state, notices = parse(params)
    assert isinstance(state, FilterState) and all(isinstance(n, str) for n in notices)


def test_reviewed_only_round_trips_and_a_bad_value_is_a_notice():
    state, notices = parse({"reviewed": "1", "actor": "russia"})
    assert state.reviewed and notices == []
    assert to_params(state)["reviewed"] == "1"
    assert parse(to_params(state))[0] == state
    state, notices = parse({"reviewed": "yes"})
    assert not state.reviewed and notices == ["Ignored reviewed='yes': use reviewed=1."]
    assert "reviewed" not in to_params(FilterState())


def test_typed_dates_take_a_day_a_month_or_a_year():
    from lagebild.dashboard.viewstate import typed_date
    assert typed_date("2024-11-06") == (date(2024, 11, 6), None)
    assert typed_date("2024-11") == (date(2024, 11, 1), None)
    assert typed_date("2024-11", end=True) == (date(2024, 11, 30), None)
    assert typed_date("2024-2", end=True) == (date(2024, 2, 29), None)
    assert typed_date("2024", end=True) == (date(2024, 12, 31), None)
    assert typed_date("  ") == (None, None)
    for bad in ("2024-13", "2024-02-30", "6.11.2024", "next week", "1800"):
        day, notice = typed_date(bad)
        assert day is None and notice and bad.strip() in notice, bad
