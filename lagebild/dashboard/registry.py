"""The dashboard's pages, written once.

The frame builds its navigation from this list, the briefing names a slide's page by its
key, links point at a page by its path, and the tests walk it.  Pure data, no Streamlit,
so the briefing library and the tests can read it too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # the URL path st.navigation derives from the file stem, e.g. ``troop_figures``
    title: str
    icon: str
    analysis: bool = True  # a page of the shared filters (the briefing is the presenter view, not one)

    @property
    def path(self) -> str:
        """The page file, relative to the entry point (what st.Page and st.page_link take)."""
        return f"pages/{self.key}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "Overview", ":material/dashboard:"),
    PageSpec("whats_new", "What's new", ":material/new_releases:"),
    PageSpec("map", "Map", ":material/map:"),
    PageSpec("actors", "Actors", ":material/groups:"),
    PageSpec("troop_figures", "Troop figures", ":material/bar_chart:"),
    PageSpec("timeline", "Timeline", ":material/timeline:"),
    PageSpec("sources", "Sources", ":material/description:"),
    PageSpec("briefing", "Briefing", ":material/slideshow:", analysis=False),
    # The store's pages: new reporting in, the analysts' review (no shared filters on either).
    PageSpec("add_documents", "Add documents", ":material/upload_file:", analysis=False),
    PageSpec("review", "Review", ":material/fact_check:", analysis=False),
    PageSpec("feeds", "Sources and feeds", ":material/rss_feed:", analysis=False),
)
BY_KEY = {p.key: p for p in PAGES}
DEFAULT = PAGES[0]
SOURCES = BY_KEY["sources"]
BRIEFING = BY_KEY["briefing"]
REVIEW = BY_KEY["review"]
ANALYSIS_PAGES = tuple(p for p in PAGES if p.analysis)


def url_path(page: PageSpec) -> str:
    """The page's path in the address bar ("" for the default page, which lives at the root)."""
    return "" if page == DEFAULT else page.key
