"""The settings of a run: its mode, its calibration and (semantic mode) its model.

Built once where a run starts (:meth:`Settings.of`) and carried through every stage,
the facts included; :meth:`Settings.record` is what a stored result was made with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..calibration import CALIBRATION, Calibration, Mode

if TYPE_CHECKING:
    from .similarity import Embedder


@dataclass(frozen=True)
class Settings:
    """What a comparison runs with: the mode, the calibration and (semantic) the model.

    Built once where a run starts (:meth:`of`) and carried through every stage.
    """

    mode: Mode = "semantic"
    calibration: Calibration = CALIBRATION
    embedder: Embedder | None = field(default=None, compare=False)
    """The embedding model; ``None`` exactly when ``mode`` is ``fast``."""

    def __post_init__(self) -> None:
        if (self.embedder is None) != (self.mode == "fast"):
            raise ValueError("Settings: an embedder goes with semantic mode, none with fast")

    @classmethod
    def of(
        cls,
        *,
        fast: bool = False,
        embedder: Embedder | None = None,
        calibration: Calibration = CALIBRATION,
    ) -> Settings:
        """Settings for a run: fast mode drops the model; semantic loads the shipped one."""
        if fast:
            return cls("fast", calibration, None)
        if embedder is None:
            from .similarity import default_embedder

            embedder = default_embedder()
        return cls("semantic", calibration, embedder)

    @property
    def fast(self) -> bool:
        return self.mode == "fast"

    def record(self) -> dict[str, Any]:
        """What a stored result was produced with: version, mode, model, calibration."""
        from ..version import __version__
        from .decide import shipped

        return {
            "version": __version__,
            "mode": self.mode,
            "model": None if self.embedder is None else self.embedder.name,
            "calibration": self.calibration.fingerprint(),
            "decisions": shipped().fingerprint,
        }
