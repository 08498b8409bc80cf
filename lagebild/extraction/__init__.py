"""The extraction wing: documents in, validated fact tables out (no Streamlit, no dashboard code).

``extract_document`` and ``extract_corpus`` are the library entry points.
"""

from lagebild.extraction.pipeline import extract_corpus, extract_document

__all__ = ["extract_corpus", "extract_document"]
