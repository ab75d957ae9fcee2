"""sitroom: conflict news → sourced, geocoded, dated events with evidence for every field.

Public API::

    from sitroom import Pipeline, ingest, open_store
    pipe = Pipeline()
    with open_store("sitroom.db") as store:
        report = ingest(["articles/"], store=store, pipeline=pipe)
        events = store.events()
"""

__version__ = "0.1.0"

from .config import Settings, load_settings  # noqa: E402
from .errors import BadInput, SitroomError, StoreError  # noqa: E402
from .pipeline import Pipeline  # noqa: E402
from .records import (  # noqa: E402
    Analysis,
    Article,
    Attribution,
    Event,
    Evidence,
    Place,
    TimeExpr,
    Toponym,
)


def ingest(sources, **kwargs):  # type: ignore[no-untyped-def]
    """Read `sources` (paths, directories, "-"), run the pipeline and save to `store=`."""
    from .ingest import ingest as _ingest

    return _ingest(sources, **kwargs)


def open_store(dsn: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """Open (and migrate) the store behind `dsn` (SQLite path or sqlite:///path)."""
    from .store import open_store as _open

    return _open(dsn, **kwargs)


__all__ = [
    "Analysis",
    "Article",
    "Attribution",
    "BadInput",
    "Event",
    "Evidence",
    "Pipeline",
    "Place",
    "Settings",
    "SitroomError",
    "StoreError",
    "TimeExpr",
    "Toponym",
    "ingest",
    "load_settings",
    "open_store",
    "__version__",
]
