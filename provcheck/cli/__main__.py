"""``python -m provcheck.cli``: the command line."""

from .app import run

if __name__ == "__main__":  # pragma: no cover
    run()
