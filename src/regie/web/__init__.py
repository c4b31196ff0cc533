"""The web app: pages (HTML + HTMX) and the JSON API under /api/v1, on the same services."""

from regie.web.app import create_app

__all__ = ["create_app"]
