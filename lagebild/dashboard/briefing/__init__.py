"""Briefings: ordered slides, each a saved view.  Pure Python + pandas/plotly, no Streamlit.

``storage`` (slides, briefings, their JSON files and pure edits), ``compose`` (facts ->
words: titles, takeaways, footnotes, the default briefing) and ``visuals`` (what a slide
shows: cards, figures, source labels).  Everything is re-exported here, so callers use
``from lagebild.dashboard import briefing as B`` and ``B.save``, ``B.default_briefing`` ….
"""

from lagebild.dashboard.briefing.compose import (MAX_FOOTNOTES, REACTION_TYPES, TREATY_TYPES, as_of,
                                                 default_briefing, default_title, figure_group, filter_words, params_words, footnote, footnotes_for,
                                                 load_or_default, names_of, slide_from_view, speaker, state_of)
from lagebild.dashboard.briefing.storage import (BRIEFINGS_ENV, DEFAULT_NAME, FORMAT, NAME_RE, PAGE_TITLES,
                                                 PAGE_VISUALS, TAB_KEY, TAB_VISUALS, VISUALS, Briefing, BriefingError, Slide, add_slide,
                                                 check_name, delete_slide, exists, folder, list_names, load,
                                                 move_slide, path_of, save)
from lagebild.dashboard.briefing.visuals import (actor_cards, document_label, event_cards, is_empty, note_status, short_quote,
                                                 slide_figure, source_label)
from lagebild.dashboard.fmt import fmt_date

__all__ = ["BRIEFINGS_ENV", "Briefing", "BriefingError", "DEFAULT_NAME", "FORMAT", "MAX_FOOTNOTES",
           "NAME_RE", "PAGE_TITLES", "PAGE_VISUALS", "REACTION_TYPES", "TAB_KEY", "TAB_VISUALS", "Slide", "TREATY_TYPES", "VISUALS", "actor_cards",
           "add_slide", "as_of", "check_name", "default_briefing", "default_title", "delete_slide", "document_label", "event_cards",
           "exists", "figure_group", "filter_words", "params_words", "fmt_date", "folder", "footnote", "footnotes_for", "is_empty", "list_names", "load",
           "load_or_default", "move_slide", "names_of", "note_status", "path_of", "save", "short_quote", "slide_figure", "slide_from_view",
           "source_label", "speaker", "state_of"]
