"""The command line: parses, calls the library, prints and exits; nothing else does.

``app`` holds the typer application; ``python -m provcheck.cli`` runs it.
"""

from .app import app, run

__all__ = ["app", "run"]
