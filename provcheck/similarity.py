"""Lexical and semantic similarity; the embedding model behind one small interface.

Lexical scores are word-set overlaps computed as sparse matrix products, so whole
articles are scored sentence against sentence in one go. The semantic score is the
cosine of sentence embeddings from a static model distilled from all-MiniLM-L6-v2
(``provcheck/data/static-minilm``, see ``docs/embedding-choice.md``), loaded from the
package folder with no network access.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelMissingError
from .text import words

MODEL_DIR = Path(__file__).parent / "data" / "static-minilm"

# Function words carry no evidence of copying; leaving them out sharpens the overlap.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been
    being it its this that these those he she they we you i his her their our your them
    him us me my not no so than then there here which who whom whose what when where why
    how all any both each few more most other some such only own same too very can will
    just do does did has have had would should could may might must shall into over
    under again further once about against between through during before after above
    below up down out off also said says""".split()
)


class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class StaticEmbedder:
    """A model2vec static model loaded from a local folder."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
        logging.getLogger("model2vec").setLevel(logging.ERROR)
        from model2vec import StaticModel

        if not (path / "model.safetensors").is_file():
            # never let a missing folder turn into a hub download
            raise ModelMissingError(f"embedding model not found at {path}; reinstall provcheck")
        self._model = StaticModel.from_pretrained(str(path))
        self.name = f"model2vec:{path.name}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vecs = np.asarray(
            self._model.encode(list(texts), use_multiprocessing=False), dtype=np.float32
        )
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out: np.ndarray = vecs / norms
        return out


@functools.cache
def default_embedder() -> Embedder:
    """The shipped embedding model, loaded once per process."""
    return StaticEmbedder()


def content_words(text: str) -> list[str]:
    """Words that carry content: lower-cased, stopwords out."""
    return [w for w in words(text) if w not in STOPWORDS]


def _incidence(token_lists: Sequence[Sequence[str]], vocab: dict[str, int]) -> np.ndarray:
    m = np.zeros((len(token_lists), len(vocab)), dtype=np.float32)
    for i, toks in enumerate(token_lists):
        for t in set(toks):
            m[i, vocab[t]] = 1.0
    return m


def overlap_matrices(
    left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word-set overlap of every left text with every right text.

    Returns ``(dice, contained_left, contained_right)``: the Dice coefficient, the share
    of each left text's words found in the right text, and the reverse.
    """
    vocab: dict[str, int] = {}
    for toks in (*left, *right):
        for t in toks:
            vocab.setdefault(t, len(vocab))
    if not vocab or not left or not right:
        shape = (len(left), len(right))
        return np.zeros(shape), np.zeros(shape), np.zeros(shape)
    a = _incidence(left, vocab)
    b = _incidence(right, vocab)
    inter = a @ b.T
    na = a.sum(axis=1)[:, None]
    nb = b.sum(axis=1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.nan_to_num(2 * inter / (na + nb))
        cl = np.nan_to_num(inter / na)
        cr = np.nan_to_num(inter / nb)
    return dice, cl, cr


def cosine_matrix(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine of unit vectors, clipped to [0, 1]."""
    if left.size == 0 or right.size == 0:
        return np.zeros((left.shape[0], right.shape[0]))
    out: np.ndarray = np.clip(left @ right.T, 0.0, 1.0)
    return out


#: Weight of the semantic score in the combined similarity (calibrated on MSRP dev).
SEMANTIC_WEIGHT = 0.5


def combine(lexical: np.ndarray | float, semantic: np.ndarray | float | None) -> np.ndarray | float:
    """Combined similarity: lexical alone in fast mode, else a weighted mean."""
    if semantic is None:
        return lexical
    return SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical
