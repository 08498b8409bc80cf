"""The contract of every table Lagebild produces.

Each table is a pandera ``DataFrameModel`` (strict: no undeclared columns;
coerce: dtypes are normalised on validation).  The extraction validates what it
returns, the loaders validate what they read, so a page can rely on the columns
below without checking them again.

Provenance columns (``doc_id``, ``sentence``, ``start``, ``end``, ``quote``) are
shared by every fact table: ``quote == document_text[start:end]`` always holds,
and ``sentence`` is the 0-based index of the sentence the span lies in.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pyarrow
import pandera.pandas as pa
from pandera.typing import Series

# Vocabularies, kept here so the schema checks them and the dashboard can list them.
LANGUAGES = ["de", "en"]
PUBLISHED_PRECISIONS = ["day", "approximate", "month", "year", "unknown"]
DATE_PRECISIONS = ["day", "week", "month", "year"]
# How a date got its year: written out, resolved against the publication date (the
# latest such date not after it, or the coming one where the text points ahead), or not at all.
DATE_RESOLUTIONS = ["explicit", "publication_date", "publication_ahead", "unresolved"]
ACTOR_TYPES = ["person", "state", "organisation", "group"]
# "unknown": a place the text names (“nahe X”) that no gazetteer knows; it has no coordinates.
PLACE_KINDS = ["city", "region", "country", "area", "unknown"]
SIDES = ["aligned_russia", "aligned_ukraine", "other"]
ENTITY_KINDS = ["actor", "place"]
# Casualty kinds stay apart: killed, wounded, killed_or_wounded (a combined count as
# reported), captured, missing; "casualties" where the text says only "losses".
FIGURE_KINDS = ["deployed", "mobilised", "casualties", "killed", "wounded", "killed_or_wounded", "captured",
                "missing", "other"]
EVENT_TYPES = [
    "treaty_signing", "ratification", "ratification_exchange", "entry_into_force",
    "treaty_termination", "troop_deployment", "troop_training", "statement",
    "condemnation", "threat", "warning", "denial", "acknowledgement",
    "intelligence_assessment", "casualty_report", "visit", "meeting", "combat",
    "capture", "repatriation", "other",
]
# What a troop figure counts: the whole ("total"), more on top of an earlier figure ("increment": "an
# additional 3,000", "seit September rund 5000"), a subset ("part": one brigade, one engagement's losses),
# or no stock at all ("unclear": a rate, a share).  See lagebild/extraction/facts/figure_scope.py.
SCOPES = ["total", "increment", "part", "unclear"]
MODALITIES = ["asserted", "reported", "threatened", "possible", "denied"]
# A claim's qualifier direction: "more than" is above, "up to" below, "etwa" about (its bounds are derived).
DIRECTIONS = ["exact", "about", "above", "below", "range"]
# How a claim's claimant was found (see lagebild.claims.claimants).
CLAIMANT_BASES = ["named", "relayed", "accusation", "unattributed"]


# A date at its precision (YYYY, YYYY-MM or YYYY-MM-DD), and a day.
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"

class Provenance(pa.DataFrameModel):
    doc_id: Series[str]
    sentence: Series[int] = pa.Field(ge=0)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    quote: Series[str]

    @pa.dataframe_check
    def span_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["start"] <= df["end"]


class Documents(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(unique=True)
    title: Series[str]
    language: Series[str] = pa.Field(isin=LANGUAGES)
    # At its precision: YYYY-MM-DD, or YYYY-MM / YYYY where the sidecar knows only the month or year.
    published: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    precision: Series[str] = pa.Field(isin=PUBLISHED_PRECISIONS)
    source: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    length: Series[int] = pa.Field(ge=0)
    # The full document text, so the Sources page can show and highlight it
    # without touching seeds/ at run time.
    text: Series[str]

    class Config:
        strict = True
        coerce = True


class Mentions(Provenance):
    entity_id: Series[str]
    entity_kind: Series[str] = pa.Field(isin=ENTITY_KINDS)
    # The role the text gives the actor at this mention ("Vizepräsident des
    # russischen Sicherheitsrats"); null where the text states none.
    role: Series[str] = pa.Field(nullable=True)
    in_gazetteer: Series[bool]

    class Config:
        strict = True
        coerce = True


class Actors(pa.DataFrameModel):
    id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    name_de: Series[str] = pa.Field(nullable=True)
    type: Series[str] = pa.Field(isin=ACTOR_TYPES)
    country: Series[str] = pa.Field(nullable=True)
    side: Series[str] = pa.Field(isin=SIDES)
    in_gazetteer: Series[bool]
    # Roles as stated in the documents, distinct, in order of first mention, "; "-joined.
    roles: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class Places(pa.DataFrameModel):
    id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    name_de: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=PLACE_KINDS)
    country: Series[str] = pa.Field(nullable=True)
    iso_3166_2: Series[str] = pa.Field(nullable=True)
    # Null where no gazetteer locates the place (an ISO 3166-2 region, a name only the text gives).
    lat: Series[float] = pa.Field(ge=-90, le=90, nullable=True)
    lon: Series[float] = pa.Field(ge=-180, le=180, nullable=True)

    class Config:
        strict = True
        coerce = True


class Dates(Provenance):
    # ISO 8601 at the stated precision: YYYY-MM-DD, YYYY-MM or YYYY (a week is
    # given by its Monday); null when the text cannot be resolved.
    date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    resolution: Series[str] = pa.Field(isin=DATE_RESOLUTIONS)

    class Config:
        strict = True
        coerce = True


class TroopFigures(Provenance):
    value: Series[int] = pa.Field(ge=0)
    low: Series[int] = pa.Field(ge=0, nullable=True)
    high: Series[int] = pa.Field(ge=0, nullable=True)
    qualifier: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS)
    subject: Series[str] = pa.Field(nullable=True)
    subject_actor: Series[str] = pa.Field(nullable=True)
    location: Series[str] = pa.Field(nullable=True)
    claimed_by: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    # As for events: a figure that "could be sent" or that someone denies is not a deployment.
    modality: Series[str] = pa.Field(isin=MODALITIES)
    # Facts stored by an engine before scopes were read are "unclear" (never guessed a total) until reextract.
    scope: Series[str] = pa.Field(isin=SCOPES, default="unclear")
    # The deployment's own start where the text gives one ("seit September"): the *since when*,
    # apart from ``date`` (as of when the figure is reported).
    since: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    since_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    # Who passes the claimant's figure on (a lawmaker citing the NIS, an outlet quoting Kim); ids "; "-joined.
    relayed_by: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class Events(Provenance):
    event_id: Series[str] = pa.Field(unique=True)
    type: Series[str] = pa.Field(isin=EVENT_TYPES)
    cameo: Series[str] = pa.Field(nullable=True)
    trigger: Series[str]
    # Actor ids taking part, "; "-joined so the table stays flat in every format.
    actors: Series[str] = pa.Field(nullable=True)
    source: Series[str] = pa.Field(nullable=True)
    target: Series[str] = pa.Field(nullable=True)
    # Whose claim it is ("nach Angaben der KCNA …", "…, Zelensky said"); for a statement, its speaker.
    claimed_by: Series[str] = pa.Field(nullable=True)
    place: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    modality: Series[str] = pa.Field(isin=MODALITIES)

    class Config:
        strict = True
        coerce = True


class Grouped(Provenance):
    """What claims and event groups share: the anchor (first report, whose provenance the
    columns above give), and every report, counted and listed."""

    n_reports: Series[int] = pa.Field(ge=1)
    # Reports from different sources; the same wire copy in two outlets is one source.
    n_sources: Series[int] = pa.Field(ge=1)
    # The publication date of the earliest / latest report at its precision (``YYYY-MM`` for a document
    # published "in December 2025"), never a day the documents do not give; precision as the documents'.
    first_reported: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    first_reported_precision: Series[str] = pa.Field(nullable=True, isin=PUBLISHED_PRECISIONS)
    last_reported: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    last_reported_precision: Series[str] = pa.Field(nullable=True, isin=PUBLISHED_PRECISIONS)
    doc_ids: Series[str]
    # Member fact ids ("doc_id:table:start-end"), "; "-joined, first report first.
    member_ids: Series[str]


class Claims(Grouped):
    """One assertion of a figure by one claimant, with all the mentions that report it."""

    claim_id: Series[str] = pa.Field(unique=True)
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS)
    subject_actor: Series[str] = pa.Field(nullable=True)
    # Canonical claimant: actor ids, mapped and sorted, "; "-joined; null = unattributed.
    claimant: Series[str] = pa.Field(nullable=True)
    claimant_basis: Series[str] = pa.Field(isin=CLAIMANT_BASES)
    # Basis ``relayed``: who relayed the claimant (an intelligence service) in the text, "; "-joined
    # over the claim's reports; the claimant stays the service ("the NIS via lawmaker Lee").
    relayed_by: Series[str] = pa.Field(nullable=True)
    modality: Series[str] = pa.Field(isin=MODALITIES)
    direction: Series[str] = pa.Field(isin=DIRECTIONS)
    # The stated value (a stated range: its lower end) and a stated range's upper end.
    value: Series[int] = pa.Field(ge=0)
    value_max: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    qualifier: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    # Total, increment, part or unclear, as the reports say (never mixed in one claim); an increment's start.
    scope: Series[str] = pa.Field(isin=SCOPES, default="unclear")
    since: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    since_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)

    class Config:
        strict = True
        coerce = True


class EventGroups(Grouped):
    """One event with the reports of it: same type and modality, overlapping actors, compatible dates."""

    group_id: Series[str] = pa.Field(unique=True)
    type: Series[str] = pa.Field(isin=EVENT_TYPES)
    modality: Series[str] = pa.Field(isin=MODALITIES)
    # Every actor of every report, "; "-joined.
    actors: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)

    class Config:
        strict = True
        coerce = True


# Table name -> model, in the order the CLI prints them.
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "mentions": Mentions,
    "actors": Actors,
    "places": Places,
    "dates": Dates,
    "troop_figures": TroopFigures,
    "events": Events,
}

# Tables derived from the extracted ones across documents (lagebild.claims): printed by
# ``extract --format json`` after the others, never stored (they follow from the tables).
DERIVED: dict[str, type[pa.DataFrameModel]] = {
    "claims": Claims,
    "event_groups": EventGroups,
}
MODELS = {**TABLES, **DERIVED}


@lru_cache(maxsize=None)
def _empty(name: str) -> pd.DataFrame:
    model = MODELS[name]
    columns = list(model.to_schema().columns)
    return model.validate(pd.DataFrame({c: [] for c in columns}))


def empty(name: str) -> pd.DataFrame:
    """An empty, valid table with the declared columns."""
    return _empty(name).copy()


@lru_cache(maxsize=None)
def columns(name: str) -> tuple[str, ...]:
    """The declared columns of a table, in order."""
    return tuple(MODELS[name].to_schema().columns)


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate (and coerce) one table; raises pandera's SchemaError on a breach."""
    return MODELS[name].validate(df.reindex(columns=list(columns(name))))


# --- The effective tables: what the pages show from the database -----------------------
# Each fact row of the database store carries its stable id and whether an analyst has
# looked at it.  These are separate models so ``extract --format json`` and the parquet
# tables keep their contract; rejected facts never reach a page, so they have no status.
REVIEW_STATUSES = ["machine", "confirmed", "edited"]
FACT_TABLES = ("mentions", "dates", "troop_figures", "events")
REVIEW_COLUMNS = ["fact_id", "review_status"]


class Reviewed(pa.DataFrameModel):
    fact_id: Series[str] = pa.Field(unique=True)
    review_status: Series[str] = pa.Field(isin=REVIEW_STATUSES)


class Arrived(pa.DataFrameModel):
    # When the store received the document (ISO, UTC): What's new counts a document from then on.
    # None for the documents the app was seeded with (they arrive at their publication date).
    ingested_at: Series[str] = pa.Field(nullable=True)
    # The wire service credited first in the text, "" for none, as the store found it when it stored the
    # document; missing (null) where the tables come from a parquet folder (then it is read off the text).
    wire: Series[str] = pa.Field(nullable=True)


ARRIVAL_COLUMNS = ["ingested_at", "wire"]
EFFECTIVE: dict[str, type[pa.DataFrameModel]] = {
    name: (type(f"Effective{model.__name__}", (model, Reviewed), {}) if name in FACT_TABLES else model)
    for name, model in TABLES.items()
}
EFFECTIVE["documents"] = type("EffectiveDocuments", (Documents, Arrived), {})


def validate_effective(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate one effective table: the table's own columns, then ``fact_id`` and ``review_status``
    for a fact table, ``ingested_at`` and ``wire`` for the documents."""
    wanted = list(columns(name)) + (REVIEW_COLUMNS if name in FACT_TABLES else []) \
        + (ARRIVAL_COLUMNS if name == "documents" else [])
    return EFFECTIVE[name].validate(df.reindex(columns=wanted))


_ARROW_TYPES = {"str": pyarrow.string(), "string": pyarrow.string(), "string[pyarrow]": pyarrow.string(),
                "int64": pyarrow.int64(), "Int64": pyarrow.int64(), "float64": pyarrow.float64(),
                "bool": pyarrow.bool_(), "boolean": pyarrow.bool_()}


@lru_cache(maxsize=None)
def arrow_schema(name: str) -> pyarrow.Schema:
    """The table's own columns as an Arrow schema: how the store parses its stored JSON facts in bulk
    (``store.db.tables``), so the contract stays in one place."""
    return pyarrow.schema([(c, _ARROW_TYPES[str(col.dtype)]) for c, col in TABLES[name].to_schema().columns.items()])
