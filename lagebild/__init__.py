"""Lagebild: news documents about a crisis become fact tables with provenance."""


def __getattr__(name):
    # Imported lazily so ``import lagebild.filters`` (the dashboard) does not pay
    # for loading the extraction lexicons.
    if name in ("extract_document", "extract_corpus"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = ["extract_corpus", "extract_document"]
