"""Progress bars on stderr, one per phase of a command (rich, loaded only when shown)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class Bars:
    """Rich progress bars on stderr, one task per phase; silent when disabled."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.progress: Any = None

    def __enter__(self) -> Bars:
        if self.show:
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, label: str) -> Callable[[int, int], None] | None:
        if self.progress is None:
            return None
        task = self.progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            self.progress.update(task, completed=done, total=total)

        return update


def bars(progress: bool | None) -> Bars:
    """The bars of --progress/--no-progress: shown on a terminal unless told."""
    return Bars(sys.stderr.isatty() if progress is None else progress)
