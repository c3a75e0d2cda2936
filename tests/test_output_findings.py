"""Every output format carries every finding.

A check run: text, json, junit and github list the same set of (new article, indexed
article, relation), every finding of the run and nothing else, whatever the relations
(``related`` ones included), the directions, the failing flags and the paths. The runs
are generated as records (:class:`provcheck.collection.check.CheckRun`) and rendered by
each format, then read back the way a reader of that format would: json loaded, junit
parsed as XML, github's annotations split into their lines, text read line by line.

A comparison: every divergent fact, every quotation check and every unsupported
sentence of a :class:`provcheck.Comparison` is listed by text, md, json and html, each
in an item of its own. The comparisons are of the seeds with generated edits of their
text (a number changed, a sentence dropped or added, a quotation reworded).
"""

from __future__ import annotations

import html as htmllib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provcheck
from provcheck.collection.check import CheckResult, CheckRun, Finding
from provcheck.models import Comparison
from provcheck.render import render
from provcheck.render.check_formats import render_check
from tests.conftest import seed
from tests.indexutil import cli

_settings = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])

RELATIONS = ("reprint", "edited", "rewrite", "partial", "related", "unrelated")
CHECK_FORMATS = ("text", "json", "junit", "github")
Triple = tuple[str, str, str]
"""(new article, indexed article, relation)."""

# ------------------------------------------------------------------ check runs

# paths with the characters each format escapes (XML, workflow-command properties and
# messages), no space and no letter of a relation's name, so a reader can find them
_path = st.text(alphabet="ab01/._-%,:&<>'\"é", min_size=1, max_size=8)


@cache
def _comparisons() -> tuple[Comparison | None, ...]:
    """Real comparisons a finding can carry (the renderers read their facts and
    quotations): a rewrite with divergent facts and quotations, a related pair, none
    (a copy found by content hash)."""
    return (
        provcheck.compare(seed("001"), seed("000"), fast=True),
        provcheck.compare(seed("002"), seed("004"), fast=True),
        None,
    )


@st.composite
def _result(draw: st.DrawFn, new: str) -> CheckResult:
    if draw(st.integers(0, 5)) == 0:
        return CheckResult(new, "held", added_as=draw(st.integers(1, 9)))
    findings = []
    for k, held in enumerate(draw(st.lists(_path, max_size=5, unique=True))):
        findings.append(Finding(
            id=k + 1,
            path=held,
            comparison=draw(st.sampled_from(_comparisons())),
            relation=draw(st.sampled_from(RELATIONS)),
            direction=draw(st.sampled_from(("a->b", "b->a", "unknown"))),
            score=draw(st.floats(0, 1)),
            fails=draw(st.booleans()),
            divergent=draw(st.booleans()),
        ))
    fails = any(f.fails for f in findings)
    added = None if fails else draw(st.none() | st.integers(1, 9))
    return CheckResult(new, "fail" if fails else "pass", tuple(findings), added_as=added)


@st.composite
def _run(draw: st.DrawFn) -> CheckRun:
    news = draw(st.lists(_path, min_size=1, max_size=4, unique=True))
    unreadable = draw(st.lists(st.tuples(_path, st.sampled_from(["not found", "empty"])),
                               max_size=2))
    return CheckRun(
        tuple(draw(_result(new)) for new in news),
        fail_on=draw(st.sampled_from(RELATIONS[:4])),
        fail_on_divergence=draw(st.booleans()),
        index_path="index.db",
        index_size=draw(st.integers(0, 9)),
        unreadable=tuple(unreadable),
    )


#: One finding as every check format words it: its relation first, the indexed article
#: by path, then "(indexed)".
_FINDING = re.compile(
    r"\b(?P<rel>reprint|edited|rewrite|partial|related|unrelated)(?: \(score [0-9.]+\))?"
    r"(?::| shared with) (?:.*? )?(?P<held>\S+) \((?:indexed|new in this check)\)"
)


def _told(new: str, text: str) -> set[Triple]:
    """The findings named in ``text`` (a line each) about the new article ``new``."""
    return {(new, m["held"], m["rel"]) for line in text.splitlines()
            if (m := _FINDING.search(line))}


def _from_json(out: str) -> set[Triple]:
    return {(r["path"], f["path"], f["relation"])
            for r in json.loads(out)["results"] for f in r["findings"]}


def _from_text(out: str) -> set[Triple]:
    found: set[Triple] = set()
    new = None
    for line in out.splitlines():
        if m := re.match(r"(FAIL|PASS|HELD|UPDATE)  (\S+): ", line):
            new = m[2]
        for t in _told(new or "", line):
            assert new is not None, line
            found.add(t)
    return found


def _from_junit(out: str) -> set[Triple]:
    found: set[Triple] = set()
    for case in ET.fromstring(out).iter("testcase"):
        name = case.get("name", "")
        for child in case:
            if child.tag in ("failure", "system-out"):
                found |= _told(name, child.text or "")
    return found


def _gh_unescape(text: str) -> str:
    codes = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: codes[m[0]], text)


def _from_github(out: str) -> set[Triple]:
    found: set[Triple] = set()
    for line in out.splitlines():
        m = re.match(r"::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)", line)
        if m is None:
            continue
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        found |= _told(_gh_unescape(props["file"]), _gh_unescape(m["message"]))
    return found


_READERS: dict[str, Callable[[str], set[Triple]]] = {
    "text": _from_text, "json": _from_json, "junit": _from_junit, "github": _from_github,
}


def _assert_every_format_lists(run: CheckRun, outputs: dict[str, str]) -> None:
    produced = {(r.path, f.path, f.relation) for r in run.results for f in r.findings}
    for fmt, out in outputs.items():
        listed = _READERS[fmt](out)
        assert listed == produced, (
            f"{fmt}: missing {sorted(produced - listed)}, extra {sorted(listed - produced)}"
            f"\n{out}"
        )


@_settings
@given(_run())
def test_every_check_format_lists_every_finding(run: CheckRun) -> None:
    _assert_every_format_lists(run, {fmt: render_check(run, fmt) for fmt in CHECK_FORMATS})


def test_a_related_finding_is_listed_beside_a_copy() -> None:
    """The issue's case: an article copied from one indexed article and on the same story
    as another (related): text and github listed the copy only."""
    c = _comparisons()
    run = CheckRun(
        (CheckResult("new.txt", "fail", (
            Finding(1, "source.txt", c[0], "rewrite", "a->b", 0.9, True, False),
            Finding(2, "story.txt", c[1], "related", "unknown", 0.2, False, False),
        )), CheckResult("other.txt", "pass", (
            Finding(2, "story.txt", c[1], "related", "unknown", 0.2, False, False),
        ))),
        fail_on="rewrite", fail_on_divergence=False, index_path="index.db", index_size=2,
    )
    _assert_every_format_lists(run, {fmt: render_check(run, fmt) for fmt in CHECK_FORMATS})


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of seeds 000-003 (004 is on 002's story; 000 rewrites 001)."""
    path = tmp_path_factory.mktemp("index") / "index.db"
    r = cli("index", "add", *(str(seed(p)) for p in ("000", "001", "002", "003")),
            "--db", str(path))
    assert r.exit_code == 0, r.output
    return path


def test_check_lists_the_same_findings_in_every_format(seeds_index: Path,
                                                       tmp_path: Path) -> None:
    """End to end: ``provcheck check`` of seed 004 (related to 002), of 000 with part of
    004 appended (a copy of 000 and of 001, related to 002 and 003) and of 001 with a
    number changed, against a real index of the seeds."""
    mix = tmp_path / "mix.txt"
    tail = "\n\n".join(seed("004").read_text(encoding="utf-8").split("\n\n")[2:6])
    mix.write_text(seed("000").read_text(encoding="utf-8") + "\n\n" + tail, encoding="utf-8")
    edit = tmp_path / "edit.txt"
    edit.write_text(seed("001").read_text(encoding="utf-8").replace("2,500", "3,000"),
                    encoding="utf-8")
    args = ["check", str(seed("004")), str(mix), str(edit), "--db", str(seeds_index)]
    outputs = {}
    for fmt in CHECK_FORMATS:
        r = cli(*args, "--format", fmt)
        assert r.exit_code in (0, 1), r.output
        outputs[fmt] = r.stdout
    findings = json.loads(outputs["json"])["results"]
    assert any(f["relation"] == "related" for r in findings for f in r["findings"])
    results = []
    for r in findings:
        results.append(CheckResult(r["path"], r["status"], tuple(
            Finding(f["id"], f["path"], None, f["relation"], f["direction"], f["score"],
                    f["fails"], f["divergent"]) for f in r["findings"])))
    run = CheckRun(tuple(results), "rewrite", False, str(seeds_index), 4)
    _assert_every_format_lists(run, outputs)


# ------------------------------------------------------------------ comparisons

COMPARE_FORMATS = ("text", "md", "json", "html")

_SENTENCES = (
    'The ministry said 1,250 soldiers were deployed on 3 March 2025.',
    '"We will not leave until the job is done," said General Ahmed Karim.',
    'About 40 percent of the budget, or $2.5 billion, went to the army in 2024.',
    'Officials in Kirkuk said the attack killed 12 people.',
)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTE = re.compile(r"[\"“]([^\"”\n]{12,})[\"”]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _change_number(text: str, k: int, value: str) -> str:
    spots = list(_NUMBER.finditer(text))
    if not spots:
        return text
    m = spots[k % len(spots)]
    return text[: m.start()] + value + text[m.end():]


def _drop_sentence(text: str, k: int) -> str:
    spots = list(_SENTENCE.finditer(text))
    m = spots[k % len(spots)]
    return text[: m.start()] + text[m.end():]


def _add_sentence(text: str, k: int, sentence: str) -> str:
    lines = text.split("\n")
    at = 1 + k % max(1, len(lines) - 1)
    return "\n".join([*lines[:at], sentence, *lines[at:]])


def _reword_quote(text: str, k: int, word: str) -> str:
    spots = list(_QUOTE.finditer(text))
    if not spots:
        return text
    m = spots[k % len(spots)]
    words = m[1].split(" ")
    words[k % len(words)] = word
    return text[: m.start(1)] + " ".join(words) + text[m.end(1):]


_edit = st.one_of(
    st.builds(lambda k, v: lambda t: _change_number(t, k, v), st.integers(0, 99),
              st.sampled_from(["7", "31", "1,250", "2.5", "1.0", "07", "4,000,000"])),
    st.builds(lambda k: lambda t: _drop_sentence(t, k), st.integers(0, 99)),
    st.builds(lambda k, s: lambda t: _add_sentence(t, k, s), st.integers(0, 99),
              st.sampled_from(_SENTENCES)),
    st.builds(lambda k, w: lambda t: _reword_quote(t, k, w), st.integers(0, 99),
              st.sampled_from(["reportedly", "never", "Baghdad"])),
)


@cache
def _seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


@st.composite
def _pair(draw: st.DrawFn) -> tuple[str, str]:
    """A seed and an edit of it (either side first), or two seeds."""
    first = _seed_text(draw(st.sampled_from(["000", "001", "002", "003", "004"])))
    if draw(st.integers(0, 4)) == 0:
        return first, _seed_text(draw(st.sampled_from(["000", "001", "002", "003", "004"])))
    edited = first
    for edit in draw(st.lists(_edit, min_size=1, max_size=4)):
        edited = edit(edited)
    return (first, edited) if draw(st.booleans()) else (edited, first)


def _a_side(pieces: Iterable[tuple[str, str]]) -> str:
    """A quotation's wording on side a, read from its word diff."""
    return "".join(text for op, text in pieces if op != "+")


def _items(c: Comparison) -> list[tuple[str, list[str]]]:
    """Each divergence of ``c`` as (what it is, the pieces an item listing it shows)."""
    items = [(f"changed {ch.a.text!r}", [f"changed ({ch.change})", ch.a.text, ch.b.text])
             for ch in c.facts.changed]
    for status, facts in (("dropped", c.facts.dropped), ("added", c.facts.added)):
        items += [(f"{status} {f.text!r}", [status, f.text]) for f in facts]
    for q in c.quotes:
        if q.status == "verbatim":
            continue
        wording = _a_side((d.op, d.text) for d in q.diff) if q.diff else q.text
        items.append((f"quotation {q.status} {q.text!r}", [q.status, wording]))
    items += [(f"unsupported {u.side} {u.paragraph}",
               [f"{u.side} {u.paragraph}", " … ".join(u.claims)]) for u in c.unsupported]
    return items


def _section(out: str, start: str, end: str) -> str:
    at = out.find(start)
    return "" if at < 0 else out[at: out.index(end, at)]


def _text_units(out: str) -> list[str]:
    section = _section(out, "Divergent facts", "\nWhy\n")
    section = re.sub(r"\{\+.*?\+\}", "", section).replace("[-", "").replace("-]", "")
    return section.splitlines()


def _md_units(out: str) -> list[str]:
    section = re.sub(r"\\(.)", r"\1", _section(out, "## Divergent facts", "## Reasons"))
    section = re.sub(r"\{\+.*?\+\}", "", section).replace("[-", "").replace("-]", "")
    return section.splitlines()


def _html_units(out: str) -> list[str]:
    section = _section(out, 'id="facts"', 'id="texts"')
    section = re.sub(r"<ins>.*?</ins>", "", section, flags=re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", unit))
            for unit in re.split(r"<tr|<li", section)]


def _assert_each_in_its_own_unit(fmt: str, items: Sequence[tuple[str, list[str]]],
                                 units: Sequence[str], out: str) -> None:
    """Each item is shown by a unit (line, row) of its own holding all its pieces (a
    matching of items to units, so that two equal items need two units)."""
    fits = [[u for u, unit in enumerate(units) if all(p in unit for p in pieces)]
            for _, pieces in items]
    held: dict[int, int] = {}

    def place(k: int, seen: set[int]) -> bool:
        for u in fits[k]:
            if u not in seen:
                seen.add(u)
                if u not in held or place(held[u], seen):
                    held[u] = k
                    return True
        return False

    missing = [items[k][0] for k in range(len(items)) if not place(k, set())]
    assert not missing, f"{fmt} does not list {missing}\n{out}"


def _json_items(out: str) -> list[tuple[str, list[str]]]:
    """The divergences the JSON holds, as :func:`_items` words them."""
    d = json.loads(out)
    items = [(f"changed {ch['a']['text']!r}", [f"changed ({ch['change']})", ch["a"]["text"],
                                               ch["b"]["text"]])
             for ch in d["facts"]["changed"]]
    for status in ("dropped", "added"):
        items += [(f"{status} {f['text']!r}", [status, f["text"]])
                  for f in d["facts"][status]]
    for q in d["quotes"]:
        if q["status"] != "verbatim":
            wording = _a_side(q["diff"]) if q["diff"] else q["text"]
            items.append((f"quotation {q['status']} {q['text']!r}", [q["status"], wording]))
    items += [(f"unsupported {u['side']} {u['paragraph']}",
               [f"{u['side']} {u['paragraph']}", " … ".join(u["claims"])])
              for u in d["unsupported"]]
    return items


_UNITS: dict[str, Callable[[str], list[str]]] = {
    "text": _text_units, "md": _md_units, "html": _html_units,
}


@_settings
@given(_pair())
def test_every_compare_format_lists_every_divergence(pair: tuple[str, str]) -> None:
    c = provcheck.compare(*pair, fast=True)
    items = _items(c)
    verbatim = sum(q.status == "verbatim" for q in c.quotes)
    for fmt in COMPARE_FORMATS:
        out = render(c, fmt)
        if fmt == "json":
            assert sorted(_json_items(out)) == sorted(items), out
            continue
        _assert_each_in_its_own_unit(fmt, items, _UNITS[fmt](out), out)
        if c.quotes:
            assert re.search(rf"\b{verbatim} verbatim\b", out), (fmt, verbatim)


def test_a_bare_number_is_listed_as_written() -> None:
    """A fact whose text reads as a number ("1.50", "07") alone in its column: md listed
    it as tabulate reprints a number ("1.5", "7")."""
    a = ("Rates\n\nThe central bank raised its rate to 1.50 on Monday, officials in Baghdad "
         "said after a long meeting of the board.\n\nThe board will meet again in March to "
         "review the decision and the budget.\n")
    b = a.replace(" to 1.50", "")
    c = provcheck.compare(a, b, fast=True)
    assert [f.text for f in c.facts.dropped] == ["1.50"]
    for fmt in ("text", "md", "html"):
        out = render(c, fmt)
        _assert_each_in_its_own_unit(fmt, _items(c), _UNITS[fmt](out), out)
