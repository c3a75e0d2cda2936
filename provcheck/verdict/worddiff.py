"""Word-level diff with diff-match-patch, using its lines-to-chars trick on words.

The diff runs in Google's C++ implementation of diff-match-patch (the
``fast_diff_match_patch`` package): the same algorithm and cleanup as the pure-Python
port, so the same pieces (``tests/unit/test_worddiff.py`` checks them against each
other where the pure-Python port is installed), about 35 times faster on news
paragraphs (``docs/performance.md``).
"""

from __future__ import annotations

import re

import fast_diff_match_patch

from ..language.text import canonical
from ..models import DiffOp, DiffPiece

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_OPS: dict[str, DiffOp] = {"=": "=", "-": "-", "+": "+"}


def _encode(tokens: list[str], table: dict[str, str]) -> str:
    out = []
    for tok in tokens:
        key = canonical(tok) if tok.strip() else " "
        ch = table.get(key)
        if ch is None:
            ch = chr(len(table) + 0x100)  # skip control and ASCII code points
            table[key] = ch
        out.append(ch)
    return "".join(out)


def word_diff(a: str, b: str, *, timeout: float = 1.0) -> tuple[DiffPiece, ...]:
    """Diff two texts word by word: each word (and each run of spaces) is one symbol.

    Words are compared in canonical form (curly and straight quotes, dashes and
    spaces of any kind count as the same) but shown as written. Pieces are ``=`` (in
    both; shown as in ``a``), ``-`` (only in ``a``) and ``+`` (only in ``b``).
    """
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    table: dict[str, str] = {}
    ca, cb = _encode(ta, table), _encode(tb, table)
    diffs = fast_diff_match_patch.diff(ca, cb, timelimit=timeout, checklines=False,
                                       cleanup="Semantic", counts_only=True)
    pieces: list[DiffPiece] = []
    ia = ib = 0
    for op, n in diffs:
        if op == "+":
            text = "".join(tb[ib : ib + n])
            ib += n
        else:
            text = "".join(ta[ia : ia + n])
            ia += n
            if op == "=":
                ib += n
        symbol: DiffOp = _OPS[op]
        if pieces and pieces[-1].op == symbol:
            pieces[-1] = DiffPiece(symbol, pieces[-1].text + text)
        elif text:
            pieces.append(DiffPiece(symbol, text))
    return tuple(pieces)


def kept_ratio(pieces: tuple[DiffPiece, ...]) -> float:
    """Share of words kept: words in ``=`` pieces over words of the longer side."""
    kept = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.op == "=")
    a = kept + sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.op == "-")
    b = kept + sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.op == "+")
    longest = max(a, b)
    return kept / longest if longest else 1.0
