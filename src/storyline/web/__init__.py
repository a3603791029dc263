"""HTTP API and web UI over the store: ``create_app`` for embedding, ``serve`` for the CLI."""

from storyline.web.app import create_app, make_app, serve

__all__ = ["create_app", "make_app", "serve"]
