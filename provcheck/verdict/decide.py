"""Learned decisions: logistic models fitted on labelled dev data, read with numpy.

``provcheck/data/decisions.json`` holds, for each mode, six small models over named
measures (:class:`provcheck.verdict.measures.Measures`):

* ``derived``: the probability that one side derives from the other (the verdict's
  calibrated ``score``);
* ``whole``: for a derived pair, that the derived side is wholly derived (reprint,
  edited or rewrite) rather than partly (``partial``);
* ``reprint`` and ``rewrite``: of a whole derivation, verbatim or not, paraphrased or
  not (neither: edited); each held monotone in the verbatim measures;
* ``sentence``: for texts of a sentence or two, that they say the same (whole
  derivation), in place of ``derived`` and ``whole``;
* ``direction``: the probability that ``a`` is the source, on measures that change sign
  when the sides are swapped (no intercept: a pair and its mirror get ``p`` and
  ``1 - p``); inside ``margin`` of 0.5 the direction is ``unknown``;
* ``direction_plain``: the same question where neither side is news agency copy
  (``dir_wire`` is 0), fitted without the wire cue on what a copy does to the
  sentences it takes, with a wider margin chosen leave one METER story out so that
  few named sources are wrong (optional: a model without it reads ``direction``).

``tools/fit_decisions.py`` fits them (scikit-learn, at build time only) and records
the cross-validated figures beside the coefficients. Each model can say which measures
pushed its answer most (:meth:`Logistic.drivers`), so the verdict's reasons name them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..calibration import Mode



@dataclass(frozen=True)
class Logistic:
    """A fitted (multinomial or binary) logistic regression over standardised measures."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    """``[classes, features]``; one row for a binary model (the positive class)."""
    intercept: np.ndarray
    classes: tuple[str, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Logistic:
        coef = np.atleast_2d(np.asarray(d["coef"], dtype=np.float64))
        return cls(
            tuple(d["features"]),
            np.asarray(d["mean"], dtype=np.float64),
            np.asarray(d["scale"], dtype=np.float64),
            coef,
            np.atleast_1d(np.asarray(d["intercept"], dtype=np.float64)),
            tuple(d.get("classes", ("no", "yes"))),
        )

    def _z(self, x: Mapping[str, float]) -> np.ndarray:
        v = np.asarray([x[k] for k in self.features], dtype=np.float64)
        z: np.ndarray = (v - self.mean) / self.scale
        return z

    def logit(self, x: Mapping[str, float]) -> float:
        """Log-odds of the positive class (binary models)."""
        return float(self.coef[0] @ self._z(x) + self.intercept[0])

    def proba(self, x: Mapping[str, float]) -> np.ndarray:
        """Probability of each class (binary: ``[no, yes]``)."""
        logits = self.coef @ self._z(x) + self.intercept
        if len(logits) == 1:
            p = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.asarray([1.0 - p, p])
        e = np.exp(logits - logits.max())
        out: np.ndarray = e / e.sum()
        return out

    def drivers(self, x: Mapping[str, float], cls: int = -1) -> list[tuple[str, float]]:
        """Each measure's push towards class ``cls`` (binary: the positive class), in
        log-odds, strongest first."""
        row = self.coef[0] if len(self.coef) == 1 else self.coef[cls]
        push = row * self._z(x)
        if len(self.coef) == 1 and cls == 0:
            push = -push
        order = np.argsort(-np.abs(push))
        return [(self.features[k], float(push[k])) for k in order]


@dataclass(frozen=True)
class Decisions:
    """The models of one mode."""

    derived: Logistic
    whole: Logistic
    reprint: Logistic
    """Of a whole derivation: verbatim (reprint) or not."""
    rewrite: Logistic
    """Of a whole derivation: paraphrased (rewrite) or not; neither: edited."""
    direction: Logistic
    direction_margin: float
    sentence: Logistic
    """``derived`` for texts of a sentence or two (fitted on sentence pairs)."""
    plain: Logistic | None = None
    """``direction`` where neither side is agency copy (``None``: ``direction``)."""
    plain_margin: float = 0.5


@dataclass(frozen=True)
class Model:
    """Everything in ``decisions.json``."""

    modes: Mapping[str, Decisions]
    provenance: Mapping[str, Any]
    fingerprint: str

    def __getitem__(self, mode: Mode) -> Decisions:
        return self.modes[mode]


def decisions_from_dict(d: Mapping[str, Any]) -> Decisions:
    """The models of one mode from their JSON form."""
    return Decisions(
        Logistic.from_dict(d["derived"]),
        Logistic.from_dict(d["whole"]),
        Logistic.from_dict(d["reprint"]),
        Logistic.from_dict(d["rewrite"]),
        Logistic.from_dict(d["direction"]),
        float(d["direction"]["margin"]),
        Logistic.from_dict(d["sentence"]),
        Logistic.from_dict(d["direction_plain"]) if "direction_plain" in d else None,
        float(d["direction_plain"]["margin"]) if "direction_plain" in d else 0.5,
    )


def parse(text: str) -> Model:
    """The model in a ``decisions.json`` text."""
    raw = json.loads(text)
    return Model(
        {mode: decisions_from_dict(d) for mode, d in raw["modes"].items()},
        raw.get("provenance", {}),
        hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


@functools.lru_cache(maxsize=1)
def shipped() -> Model:
    """The model that ships in the package."""
    text = resources.files("provcheck").joinpath("data/decisions.json").read_text("utf-8")
    return parse(text)
