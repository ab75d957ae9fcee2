"""REST API (FastAPI) and the web UI it serves: every page's data has a JSON twin under /api."""

from .app import create_app

__all__ = ["create_app"]
