"""Lexical and semantic similarity; the embedding model behind one small interface.

Lexical scores are word-set overlaps computed as sparse matrix products, so whole
articles are scored sentence against sentence in one go. The semantic score is the
cosine of sentence embeddings from a static model distilled from all-MiniLM-L6-v2
(``provcheck/data/static-minilm``, see ``docs/embedding-choice.md``), loaded from the
package folder with no network access.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import ModelMissingError
from ..language.lexicon import STOPWORDS
from ..language.text import words

MODEL_DIR = Path(__file__).parent.parent / "data" / "static-minilm"

class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class CoverageEmbedder(Embedder, Protocol):
    """An embedder that can also tell how many of a text's words it knows."""

    def encode_counted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`encode`'s vectors, and per text ``(known words, words)`` (ints)."""
        ...


def encode_counted(
    embedder: Embedder, texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Vectors of ``texts`` and, when ``embedder`` can tell, each text's (known words,
    words) as a ``(len(texts), 2)`` array; ``None`` for an embedder that cannot (its
    coverage is taken as whole). One tokenization serves both."""
    if isinstance(embedder, CoverageEmbedder):
        return embedder.encode_counted(texts)
    return embedder.encode(texts), None


def coverage_share(counts: np.ndarray) -> float:
    """The share of known words in ``(known, words)`` rows summed (1.0 for no word at
    all: nothing the model could get wrong)."""
    known, total = (int(x) for x in np.asarray(counts).reshape(-1, 2).sum(axis=0))
    return known / total if total else 1.0


_SAFETENSORS_DTYPES = {"F16": np.float16, "F32": np.float32, "I8": np.int8}


def _read_safetensors(path: Path, name: str) -> np.ndarray:
    """One tensor of a .safetensors file (8-byte header size, JSON header, raw data).

    Read directly, memory-mapped: importing the safetensors package costs 40 ms.
    """
    with path.open("rb") as fh:
        size = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(size))
    info = header[name]
    start, end = info["data_offsets"]
    dtype = np.dtype(_SAFETENSORS_DTYPES[info["dtype"]]).newbyteorder("<")
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size + start,
                     shape=(end - start,))
    return np.frombuffer(data, dtype=dtype).reshape(info["shape"])


#: Bits of a token's flags (:meth:`StaticEmbedder._token_flags`): it continues a word
#: (``##``), it spans more than one character, it holds a letter.
_CONTINUES, _MULTI, _LETTER = (np.int8(1), np.int8(2), np.int8(4))

#: Texts encoded per tokenizer call: bounds the tokenizer's per-text objects (a
#: resource bound, not a tuned number; the vectors do not depend on it).
ENCODE_BATCH = 4096


class StaticEmbedder:
    """The shipped model2vec static model, loaded without importing model2vec.

    A model2vec model is a token embedding table and a tokenizer: a text's vector is
    the mean of its tokens' vectors. This class reads the same files
    (``model.safetensors``, ``tokenizer.json``, ``config.json``) and encodes exactly as
    ``model2vec.StaticModel.encode`` does (texts cut to ``max_length`` times the
    median token length, tokens past ``max_length`` dropped, unknown tokens left out,
    mean in the table's float16, normalised), which ``tests/unit/test_similarity.py``
    checks against model2vec itself. Importing model2vec costs about 0.11 s (it pulls
    in joblib and the Hugging Face hub client); a CI check in a fresh process cannot
    afford it.

    **Coverage.** The vocabulary is English WordPiece (bert-base-uncased's, lower-cased,
    accents stripped). Its tokenizer almost never answers ``[UNK]`` for an alphabetic
    script: a word it does not know is spelled out one letter per piece (an Arabic
    word of seven letters is seven pieces, the first bare and six ``##`` ones;
    Cyrillic, Greek, Hebrew, Devanagari alike; tests/unit/test_coverage.py shows
    one), and those letter vectors average to nearly one vector for any text in that
    script (two unrelated Arabic texts: cosine 0.99). Only Chinese characters outside
    the vocabulary come out ``[UNK]``. So a word (a pre-tokenizer unit: a run of
    letters and digits, or one CJK character) counts as **known** when it is one
    vocabulary token, or when at least one of its pieces is longer than one
    character; ``[UNK]`` (whatever it stood for: the tokenizer does not say) and words
    spelled letter by letter are unknown; other words with no letter (numbers,
    punctuation) are not counted. Measured so (the note of
    ``calibration.min_model_coverage``; the Arabic is tests/unit/test_coverage.py's):
    MSRP dev sentences 0.9996 of 153,235 words, C&S dev documents at least 0.977 each,
    METER dev documents (1,719) at least 0.917, median 1.0; Arabic news paragraphs
    0.00-0.04, Hebrew and Persian 0.0-0.14, Russian 0.17, Greek 0.21, Chinese 0.21,
    Hindi 0.19; German, French, Spanish and Turkish 1.0 (Latin-script words split into
    English sub-words: counted as known, though what their vectors mean is not
    measured here).
    """

    def __init__(self, path: Path = MODEL_DIR) -> None:
        from tokenizers import Tokenizer

        if not (path / "model.safetensors").is_file():
            # never let a missing folder turn into a hub download
            raise ModelMissingError(f"embedding model not found at {path}; reinstall provcheck")
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.vectors: np.ndarray = _read_safetensors(path / "model.safetensors", "embeddings")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        padding = self.tokenizer.padding
        if padding is not None:
            self.tokenizer.enable_padding(pad_id=padding["pad_id"],
                                          pad_token=padding["pad_token"],
                                          pad_type_id=padding["pad_type_id"], length=0)
        self.max_length: int | None = config.get("max_length", 512)
        if self.max_length is not None:
            self.tokenizer.enable_truncation(self.max_length)
        unk = getattr(self.tokenizer.model, "unk_token", None)
        self.unk_id = self.tokenizer.token_to_id(unk) if unk else None
        lengths = [len(t) for t in self.tokenizer.get_vocab()]
        self.median_token_length = int(np.median(lengths))
        # per token id, what word coverage is counted from (see the class notes),
        # filled in as ids are first seen: a pass over the whole vocabulary would
        # double the model's load time
        self._flags = np.full(self.tokenizer.get_vocab_size(), -1, dtype=np.int8)
        self.normalize = bool(config.get("normalize", False))
        self.name = f"model2vec:{path.name}"

    def _encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode_raw_counted(texts, count=False)[0]

    def _encode_raw_counted(
        self, texts: Sequence[str], *, count: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """model2vec's vectors of ``texts``, and (``count``) each text's (known words,
        words)."""
        if self.max_length is not None:
            cut = self.max_length * self.median_token_length
            texts = [t[:cut] for t in texts]
        encodings = self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=self.vectors.dtype)
        all_ids: list[np.ndarray] = []
        for i, enc in enumerate(encodings):
            token_ids = np.asarray(enc.ids, dtype=np.int64)
            all_ids.append(token_ids)
            ids = token_ids[token_ids != self.unk_id] if self.unk_id is not None else token_ids
            if len(ids):
                out[i] = self.vectors[ids].mean(axis=0)
        if self.normalize:
            out32 = out.astype(np.float32)
            norm = np.linalg.norm(out32, axis=1, keepdims=True) + 1e-32
            out = (out32 / norm).astype(out.dtype)
        return out, self._word_counts(all_ids) if count else None

    def _word_counts(self, ids_per_text: list[np.ndarray]) -> np.ndarray:
        """Per text, ``(known words, words)`` from its token ids (see the class notes):
        a word starts at every token that does not continue one."""
        counts = np.zeros((len(ids_per_text), 2), dtype=np.int64)
        lengths = np.asarray([len(x) for x in ids_per_text], dtype=np.int64)
        if not lengths.sum():
            return counts
        ids = np.concatenate(ids_per_text)
        flags = self._token_flags(ids)
        starts = (flags & _CONTINUES) == 0
        word = np.cumsum(starts) - 1
        n = int(word[-1]) + 1
        pieces = np.bincount(word, minlength=n)
        multi = np.bincount(word, weights=(flags & _MULTI) > 0, minlength=n) > 0
        letter = np.bincount(word, weights=(flags & _LETTER) > 0, minlength=n) > 0
        unk = ids[starts] == self.unk_id
        counted = letter | unk
        known = counted & ~unk & ((pieces == 1) | multi)
        text_of_word = np.repeat(np.arange(len(ids_per_text)), lengths)[starts]
        counts[:, 0] = np.bincount(text_of_word, weights=known, minlength=len(lengths))
        counts[:, 1] = np.bincount(text_of_word, weights=counted, minlength=len(lengths))
        return counts

    def _token_flags(self, ids: np.ndarray) -> np.ndarray:
        """The :data:`_CONTINUES`, :data:`_MULTI` and :data:`_LETTER` bits of each id."""
        flags = self._flags[ids]
        for i in np.unique(ids[flags < 0]).tolist():
            token = self.tokenizer.id_to_token(i) or ""
            piece = token[2:] if token.startswith("##") else token
            self._flags[i] = (
                (_CONTINUES if token.startswith("##") and piece else 0)
                | (_MULTI if len(piece) > 1 else 0)
                | (_LETTER if any(c.isalpha() for c in piece) else 0)
            )
        out: np.ndarray = self._flags[ids]
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, encoded :data:`ENCODE_BATCH` at a time into one
        float32 array (the tokenizer's per-text objects never pile up)."""
        return self._encode(texts, count=False)[0]

    def encode_counted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`encode`'s vectors, and each text's ``(known words, words)`` as an int
        array of shape ``(len(texts), 2)``, from the same tokenization (the words the
        model is given: past ``max_length`` tokens a text is cut as it is encoded)."""
        return self._encode(texts, count=True)

    def _encode(self, texts: Sequence[str], *, count: bool) -> tuple[np.ndarray, np.ndarray]:
        counts = np.zeros((len(texts), 2), dtype=np.int64)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32), counts
        out: np.ndarray = np.empty((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), ENCODE_BATCH):
            raw, counted = self._encode_raw_counted(texts[start : start + ENCODE_BATCH],
                                                    count=count)
            vecs = np.asarray(raw, dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            np.divide(vecs, norms, out=out[start : start + len(vecs)])
            if counted is not None:
                counts[start : start + len(vecs)] = counted
        return out, counts

    def coverage(self, texts: Sequence[str]) -> float:
        """The share of the words of ``texts`` (together) this model knows."""
        return coverage_share(self.encode_counted(texts)[1])


@functools.cache
def default_embedder() -> Embedder:
    """The shipped embedding model, loaded once per process."""
    return StaticEmbedder()


def content_words(text: str) -> list[str]:
    """Words that carry content: lower-cased, stopwords out."""
    return [w for w in words(text) if w not in STOPWORDS]


def _postings(token_lists: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
    """Each token to the (sorted) indices of the texts that hold it."""
    post: dict[str, list[int]] = {}
    for j, toks in enumerate(token_lists):
        for t in set(toks):
            post.setdefault(t, []).append(j)
    return {t: np.asarray(js, dtype=np.int64) for t, js in post.items()}


def overlap_matrices(
    left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word-set overlap of every left text with every right text.

    Returns ``(dice, contained_left, contained_right)``: the Dice coefficient, the share
    of each left text's words found in the right text, and the reverse. Shared words
    are counted through the right side's postings, so the cost is the size of the
    result plus the postings read, never a vocabulary-wide matrix; the caller bounds
    the result's size (``len(left) * len(right)``).
    """
    shape = (len(left), len(right))
    if not left or not right:
        return np.zeros(shape), np.zeros(shape), np.zeros(shape)
    post = _postings(right)
    if not post and not any(left):
        return np.zeros(shape), np.zeros(shape), np.zeros(shape)
    inter = np.zeros(shape, dtype=np.float32)
    for i, toks in enumerate(left):
        hits = [post[t] for t in set(toks) if t in post]
        if hits:
            inter[i] = np.bincount(np.concatenate(hits), minlength=shape[1])
    na = np.asarray([len(set(t)) for t in left], dtype=np.float32)[:, None]
    nb = np.asarray([len(set(t)) for t in right], dtype=np.float32)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.nan_to_num(2 * inter / (na + nb))
        cl = np.nan_to_num(inter / na)
        cr = np.nan_to_num(inter / nb)
    return dice, cl, cr


#: Pairs whose vectors are gathered at once by :func:`pair_cosines` (a resource bound:
#: two float32 blocks of this many rows, 64 MB at 256 dimensions).
PAIR_BLOCK = 32_768


def pair_cosines(left: np.ndarray, right: np.ndarray, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """Cosine of the unit vectors ``left[li[k]]`` and ``right[ri[k]]`` for every k, in
    [0, 1], in float32 whatever the vectors are stored in; the pairs' vectors are
    gathered a block at a time, never all at once."""
    out = np.empty(len(li), dtype=np.float32)
    for start in range(0, len(li), PAIR_BLOCK):
        a = left[li[start : start + PAIR_BLOCK]].astype(np.float32, copy=False)
        b = right[ri[start : start + PAIR_BLOCK]].astype(np.float32, copy=False)
        out[start : start + len(a)] = np.einsum("ij,ij->i", a, b)
    return np.clip(out, 0.0, 1.0)


def cosine_matrix(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine of unit vectors, clipped to [0, 1]."""
    if left.size == 0 or right.size == 0:
        return np.zeros((left.shape[0], right.shape[0]))
    out: np.ndarray = np.clip(left @ right.T, 0.0, 1.0)
    return out


def combine(
    lexical: np.ndarray | float, semantic: np.ndarray | float | None, semantic_weight: float
) -> np.ndarray | float:
    """Combined similarity: lexical alone in fast mode, else a weighted mean
    (``calibration.semantic_weight``)."""
    if semantic is None:
        return lexical
    return semantic_weight * semantic + (1 - semantic_weight) * lexical
