#!/usr/bin/env python3
"""Compare HTML main-content extractors and trafilatura options on the
Zyte/Scrapinghub article-extraction benchmark (dev split, 60 pages).

Self-contained: needs only the standard library plus whichever extractors are
installed (trafilatura, lxml_html_clean, readability-lxml, newspaper4k,
goose3, justext, resiliparse, boilerpy3). Missing extractors are skipped.
If the evaluation data is absent the script prints SKIP and exits 0.

    python benchmarks/extraction_options.py                 # full table
    python benchmarks/extraction_options.py --only 'traf'   # regex on names
    python benchmarks/extraction_options.py --json out.json --per-page pp.tsv

Metric (re-implemented from the benchmark's evaluate.py, same definition):
  * tokens = re.findall(r"\\w+", text): case-sensitive, NOT lowercased
    (evaluate.py passes re.IGNORECASE, which does not change \\w);
  * shingles = word 4-grams counted as a multiset (Counter); a text with
    1-3 tokens yields one shorter shingle, an empty text none;
  * per page tp/fp/fn from min/excess counts, then normalised to sum to 1;
  * precision = mean over pages with tp+fp > 0 (pages where the extractor
    returned nothing are LEFT OUT of precision, they only cost recall);
    recall = mean over pages with tp+fn > 0;
  * F1 = harmonic mean of the two means (not the mean of per-page F1s).
Extra columns (not in the original benchmark):
  * F1pp  = mean of per-page F1 (empty output counts as 0);
  * F1par = the same F1 computed on token streams in which every paragraph
    break (any run of newlines) is a token "<P>": it drops when paragraphs
    are merged or split differently from the ground truth;
  * dF1 [95% CI] = paired bootstrap of F1 minus trafilatura defaults;
  * ms/page = wall time of the extractor call (parse included), mean/p95.
Network access is blocked inside this process so that no extractor can
fetch images or pages behind our back.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import socket
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------
REPO = Path(__file__).resolve().parent.parent
SUBDIR = Path("dev") / "article-extraction"


def find_data_dir(explicit: Optional[str]) -> Optional[Path]:
    if explicit:  # an explicit folder is the only one tried
        c = Path(explicit)
        ok = (c / "ground-truth.json").is_file() and (c / "html").is_dir()
        return c if ok else None
    cands = []
    if os.environ.get("PROVCHECK_EVAL_DIR"):
        cands.append(Path(os.environ["PROVCHECK_EVAL_DIR"]) / SUBDIR)
    cands += [REPO.parent / "shared" / "eval" / SUBDIR,
              Path("/work/shared/eval") / SUBDIR]
    for c in cands:
        if (c / "ground-truth.json").is_file() and (c / "html").is_dir():
            return c
    return None


def load_pages(data_dir: Path, limit: Optional[int]) -> List[dict]:
    gt = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(gt):
        path = data_dir / "html" / f"{pid}.html.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rb") as f:
            raw = f.read()
        pages.append({"id": pid, "url": gt[pid].get("url"),
                      "html": raw.decode("utf-8", errors="replace"),
                      "truth": gt[pid].get("articleBody", "") or ""})
    return pages[:limit] if limit else pages


# --------------------------------------------------------------------------
# metric
# --------------------------------------------------------------------------
TOKEN_RE = re.compile(r"\w+")
PARA_TOKEN = "<P>"  # cannot collide with a \w+ token
TpFpFn = Tuple[float, float, float]


def tokens(text: str) -> List[str]:
    return TOKEN_RE.findall(text or "")


def tokens_with_paragraphs(text: str) -> List[str]:
    out: List[str] = []
    for para in re.split(r"\n+", text or ""):
        t = tokens(para)
        if t:
            if out:
                out.append(PARA_TOKEN)
            out.extend(t)
    return out


def shingles(toks: Sequence[str], n: int = 4) -> Counter:
    c: Counter = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        s = tuple(toks[i:i + n])
        if s:
            c[s] += 1
    return c


def match(true_toks: Sequence[str], pred_toks: Sequence[str]) -> TpFpFn:
    t, p = shingles(true_toks), shingles(pred_toks)
    tp = fp = fn = 0.0
    for k in t.keys() | p.keys():
        a, b = t.get(k, 0), p.get(k, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _prec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _rec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(tpfpfn: List[TpFpFn]) -> Dict[str, float]:
    ps = [_prec(*x) for x in tpfpfn if x[0] + x[1] > 0]
    rs = [_rec(*x) for x in tpfpfn if x[0] + x[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def page_f1(x: TpFpFn) -> float:
    p, r = _prec(*x), _rec(*x)
    return 2 * p * r / (p + r) if p + r else 0.0


def paired_bootstrap(a: List[TpFpFn], b: List[TpFpFn], n: int,
                     seed: int = 0) -> Tuple[float, float, float]:
    """F1(a) - F1(b) and a 95% percentile interval over resampled pages."""
    diff = aggregate(a)["f1"] - aggregate(b)["f1"]
    if n <= 0:
        return diff, float("nan"), float("nan")
    rng = random.Random(seed)
    m = len(a)
    ds = []
    for _ in range(n):
        idx = [rng.randrange(m) for _ in range(m)]
        ds.append(aggregate([a[i] for i in idx])["f1"]
                  - aggregate([b[i] for i in idx])["f1"])
    ds.sort()
    return diff, ds[int(0.025 * n)], ds[int(0.975 * n) - 1]


# --------------------------------------------------------------------------
# tree / markup -> paragraphs (one paragraph per line, blank line between)
# --------------------------------------------------------------------------
def join_paragraphs(paras: List[str]) -> str:
    out = []
    for p in paras:
        p = re.sub(r"[ \t\r\f\v\u00a0]+", " ", p)
        p = "\n".join(s.strip() for s in p.split("\n") if s.strip())
        if p:
            out.append(p)
    return "\n\n".join(out)


# trafilatura's XML vocabulary (same tags in output_format="xml" and in the
# lxml tree bare_extraction returns as Document.body)
_T_BLOCK = {"p", "head", "code", "item", "row", "quote", "graphic"}
_T_CONTAINER = {"doc", "main", "body", "list", "table", "div", "comments",
                "TEI", "text"}


def _inline_text(el, skip=frozenset()) -> str:
    """Text of an element; <lb/> becomes a newline; children in skip excluded
    (their tails are kept)."""
    parts = [el.text or ""]
    for ch in el:
        if ch.tag in skip:
            pass
        elif ch.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_inline_text(ch, skip))
        parts.append(ch.tail or "")
    return "".join(parts)


def trafilatura_tree_paragraphs(root, lb_breaks: bool = False) -> List[str]:
    """Walk trafilatura XML: each <p>/<head>/<item>/<code>/table <row> is a
    paragraph; <quote> recurses if it holds blocks; nested lists recurse.
    <lb/> inside a paragraph is kept as a space unless lb_breaks=True."""
    paras: List[str] = []

    def txt(el, skip=frozenset()):
        s = _inline_text(el, skip)
        return s if lb_breaks else s.replace("\n", " ")

    def walk_container(el):
        """A block that holds blocks: its own text, each child, each child's tail."""
        if (el.text or "").strip():
            paras.append(el.text)
        for c in el:
            walk(c)
            if (c.tail or "").strip():
                paras.append(c.tail)

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("comments",) and el.getparent() is not None:
            return
        if tag == "row":
            cells = [txt(c).strip() for c in el if c.tag == "cell"]
            paras.append(" | ".join(c for c in cells if c))
        elif tag == "item":
            nested = [c for c in el if c.tag == "list"]
            paras.append(txt(el, skip=frozenset({"list"})))
            for c in nested:
                walk(c)
        elif tag == "quote" and any(c.tag in _T_BLOCK | {"list"} for c in el):
            walk_container(el)
        elif tag in _T_BLOCK:
            paras.append(txt(el))
        elif tag in _T_CONTAINER or tag == "cell":
            walk_container(el)
        else:  # unknown inline at block level (hi, ref, ...)
            paras.append(txt(el))

    walk(root)
    return paras


def trafilatura_xml_to_text(xml: str, lb_breaks: bool = False) -> str:
    from lxml import etree
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    return join_paragraphs(trafilatura_tree_paragraphs(
        main if main is not None else root, lb_breaks))


_MD_EMPH = re.compile(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)")


def markdown_to_text(md: str) -> str:
    paras = []
    for block in re.split(r"\n\s*\n", md or ""):
        lines = []
        for line in block.split("\n"):
            line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)      # headings
            line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)  # list bullets
            line = re.sub(r"^\s*>\s?", "", line)                # quotes
            if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) and "-" in line:
                continue                                       # table rule
            line = _MD_EMPH.sub("", line)
            lines.append(line)
        paras.append("\n".join(lines))
    return join_paragraphs(paras)


_HTML_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "blockquote", "pre", "table", "tr", "section", "article",
               "header", "footer", "figure", "figcaption", "dl", "dt", "dd",
               "br", "hr", "main", "aside", "body", "html"}


def html_fragment_to_text(fragment: str) -> str:
    """Block-aware text of an HTML fragment (for readability's summary)."""
    import lxml.html
    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    parts: List[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            parts.append("\n" if tag else "")
        else:
            block = tag in _HTML_BLOCK
            if block:
                parts.append("\n")
            if tag in ("td", "th"):
                parts.append(" ")
            parts.append(el.text or "")
            for c in el:
                walk(c)
            if block:
                parts.append("\n")
        parts.append(el.tail or "")

    walk(root)
    return join_paragraphs(re.split(r"\n", "".join(parts)))


def lines_to_text(text: Optional[str]) -> str:
    """Normalise one-paragraph-per-line output (trafilatura txt) or
    blank-line separated output to the common paragraph form."""
    return join_paragraphs(re.split(r"\n+", text or ""))


# --------------------------------------------------------------------------
# extractors: each returns (name, description, fn(html, url) -> text)
# --------------------------------------------------------------------------
Extractor = Tuple[str, str, Callable[[str, Optional[str]], str]]


def _contains(hay: List[str], needle: List[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def _same_title(heading: str, title: str) -> bool:
    """Heading equals the title, or one contains the other ("X | Site")."""
    h = [t.lower() for t in tokens(heading)]
    t = [t.lower() for t in tokens(title)]
    return bool(h) and (_contains(t, h) or _contains(h, t))


def trafilatura_extractors() -> List[Extractor]:
    try:
        import trafilatura
    except Exception as e:  # pragma: no cover
        print(f"# skip trafilatura: {e!r}", file=sys.stderr)
        return []

    def ex(lb_breaks=False, **kw):
        fmt = kw.get("output_format", "txt")

        def run(html, url):
            out = trafilatura.extract(html, url=url, **kw)
            if out is None:
                return ""
            if fmt == "xml":
                return trafilatura_xml_to_text(out, lb_breaks)
            if fmt == "markdown":
                return markdown_to_text(out)
            return lines_to_text(out)
        return run

    def bare(strip_title=False, **kw):
        def run(html, url):
            doc = trafilatura.bare_extraction(html, url=url, **kw)
            if doc is None or doc.body is None:
                return ""
            paras = trafilatura_tree_paragraphs(doc.body, lb_breaks=True)
            if strip_title and paras and doc.title and len(doc.body):
                # the article's own <h1> usually opens the body; ground truth
                # (schema.org articleBody) never contains the headline
                if doc.body[0].tag == "head" and _same_title(paras[0], doc.title):
                    paras = paras[1:]
            return join_paragraphs(paras)
        return run

    NC = dict(include_comments=False)
    NCM = dict(include_comments=False, with_metadata=True)
    return [
        ("traf_default", "extract(html, url=url)", ex()),
        ("traf_nocomments", "extract(..., include_comments=False)", ex(**NC)),
        ("traf_precision", "extract(..., favor_precision=True) [comments on]",
         ex(favor_precision=True)),
        ("traf_precision_nocomments",
         "extract(..., favor_precision=True, include_comments=False)",
         ex(favor_precision=True, **NC)),
        ("traf_recall", "extract(..., favor_recall=True) [comments on]",
         ex(favor_recall=True)),
        ("traf_recall_nocomments",
         "extract(..., favor_recall=True, include_comments=False)",
         ex(favor_recall=True, **NC)),
        ("traf_nocomments_notables",
         "extract(..., include_comments=False, include_tables=False)",
         ex(include_tables=False, **NC)),
        ("traf_nocomments_fast",
         "extract(..., include_comments=False, fast=True) [no fallbacks]",
         ex(fast=True, **NC)),
        ("traf_precision_nocomments_fast",
         "extract(..., favor_precision=True, include_comments=False, fast=True)",
         ex(favor_precision=True, fast=True, **NC)),
        ("traf_nocomments_dedup",
         "extract(..., include_comments=False, deduplicate=True)",
         ex(deduplicate=True, **NC)),
        ("traf_nocomments_nourl", "extract(html, include_comments=False) [no url]",
         (lambda f: (lambda h, u: f(h, None)))(ex(**NC))),
        ("traf_nocomments_xml",
         "extract(..., include_comments=False, output_format='xml') -> <p>/<head>/<item>/<row>",
         ex(output_format="xml", **NC)),
        ("traf_nocomments_xml_lb",
         "as _xml, but <lb/> inside <p> also starts a new paragraph",
         ex(output_format="xml", lb_breaks=True, **NC)),
        ("traf_precision_nocomments_xml_lb",
         "extract(..., favor_precision=True, include_comments=False, output_format='xml'), <lb/> = break",
         ex(output_format="xml", lb_breaks=True, favor_precision=True, **NC)),
        ("traf_nocomments_markdown",
         "extract(..., include_comments=False, output_format='markdown') -> strip md",
         ex(output_format="markdown", **NC)),
        ("traf_bare_nocomments",
         "bare_extraction(..., include_comments=False).body walked",
         bare(**NC)),
        ("traf_bare_nocomments_meta",
         "bare_extraction(..., include_comments=False, with_metadata=True).body",
         bare(**NCM)),
        ("traf_bare_nocomments_notitle",
         "as _meta, leading <head> matching metadata title dropped",
         bare(strip_title=True, **NCM)),
        ("traf_bare_precision_notitle",
         "as _notitle with favor_precision=True",
         bare(strip_title=True, favor_precision=True, **NCM)),
        ("traf_html2txt_fullpage", "trafilatura.html2txt (whole page: recall ceiling)",
         lambda h, u: lines_to_text(trafilatura.html2txt(h))),
    ]


def other_extractors() -> List[Extractor]:
    exs: List[Extractor] = []

    try:
        from readability import Document as RDoc

        def readability_run(html, url):
            return html_fragment_to_text(RDoc(html, url=url).summary(html_partial=True))
        exs.append(("readability", "readability.Document(html).summary() -> block text",
                    readability_run))
    except Exception as e:
        print(f"# skip readability-lxml: {e!r}", file=sys.stderr)

    try:
        from newspaper import Article, Config as NConfig

        ncfg = NConfig()
        ncfg.fetch_images = False
        ncfg.memorize_articles = False

        def newspaper_run(html, url):
            a = Article(url or "http://example.com/", config=ncfg)
            a.download(input_html=html)
            a.parse()
            return lines_to_text(a.text)
        exs.append(("newspaper4k", "Article.download(input_html=...).parse().text",
                    newspaper_run))
    except Exception as e:
        print(f"# skip newspaper4k: {e!r}", file=sys.stderr)

    try:
        from goose3 import Goose
        goose = Goose({"enable_image_fetching": False, "http_timeout": 0.01})

        def goose_run(html, url):
            return lines_to_text(goose.extract(raw_html=html).cleaned_text)
        exs.append(("goose3", "Goose().extract(raw_html=...).cleaned_text", goose_run))
    except Exception as e:
        print(f"# skip goose3: {e!r}", file=sys.stderr)

    try:
        import justext
        stop_all = frozenset().union(*(justext.get_stoplist(l)
                                       for l in justext.get_stoplists()))

        def justext_run(html, url):
            ps = justext.justext(html.encode("utf-8"), stop_all, encoding="utf-8")
            return join_paragraphs([p.text for p in ps if not p.is_boilerplate])
        exs.append(("justext", "justext(html, <union of all stoplists>)", justext_run))
    except Exception as e:
        print(f"# skip justext: {e!r}", file=sys.stderr)

    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def resiliparse_run(html, url):
            return lines_to_text(extract_plain_text(
                HTMLTree.parse(html), main_content=True, preserve_formatting=True,
                list_bullets=False, alt_texts=False, links=False,
                form_fields=False, noscript=False))
        exs.append(("resiliparse", "extract_plain_text(main_content=True)",
                    resiliparse_run))
    except Exception as e:
        print(f"# skip resiliparse: {e!r}", file=sys.stderr)

    try:
        from boilerpy3 import extractors as bp_ex
        bp = bp_ex.ArticleExtractor(raise_on_failure=False)

        def boilerpy_run(html, url):
            return lines_to_text(bp.get_content(html))
        exs.append(("boilerpy3", "ArticleExtractor().get_content(html)", boilerpy_run))
    except Exception as e:
        print(f"# skip boilerpy3: {e!r}", file=sys.stderr)
    return exs


# --------------------------------------------------------------------------
# combinations, computed from the stored outputs of the base runs
# (time = what the combination would have cost: both parts when both run)
# --------------------------------------------------------------------------
def n_words(text: str) -> int:
    return len(tokens(text))


def combos(base: Dict[str, dict], n_pages: int) -> List[Tuple[str, str, List[str], List[float]]]:
    out = []

    def fallback(primary, secondary, min_words, name, desc):
        if primary not in base or secondary not in base:
            return
        texts, times = [], []
        for i in range(n_pages):
            t, s = base[primary]["texts"][i], base[primary]["times"][i]
            if n_words(t) < min_words:
                t2 = base[secondary]["texts"][i]
                s += base[secondary]["times"][i]
                if n_words(t2) > n_words(t):
                    t = t2
            texts.append(t)
            times.append(s)
        out.append((name, desc, texts, times))

    fallback("traf_nocomments", "readability", 100,
             "combo_traf_nc_then_readability",
             "traf_nocomments; if < 100 words, readability if longer")
    fallback("traf_precision_nocomments", "traf_nocomments", 100,
             "combo_traf_prec_then_traf_nc",
             "traf_precision_nocomments; if < 100 words, traf_nocomments if longer")
    fallback("traf_precision_nocomments", "readability", 100,
             "combo_traf_prec_then_readability",
             "traf_precision_nocomments; if < 100 words, readability if longer")

    def superset(primary, secondary, ratio, contained, name, desc):
        """Switch to secondary when it is >= ratio x longer AND contains at
        least `contained` of primary's shingles (primary was truncated)."""
        if primary not in base or secondary not in base:
            return
        texts, times = [], []
        for i in range(n_pages):
            t, t2 = base[primary]["texts"][i], base[secondary]["texts"][i]
            a, b = tokens(t), tokens(t2)
            if len(b) >= ratio * max(1, len(a)):
                tp, fp, _ = match(b, a)   # precision of primary w.r.t. secondary
                if not a or tp / max(1e-9, tp + fp) >= contained:
                    t = t2
            texts.append(t)
            times.append(base[primary]["times"][i] + base[secondary]["times"][i])
        out.append((name, desc, texts, times))

    superset("traf_precision_nocomments", "readability", 1.5, 0.9,
             "combo_traf_prec_readability_superset",
             "traf_precision_nocomments; readability instead when it has >= 1.5x "
             "the words and contains >= 90% of trafilatura's shingles")
    superset("traf_bare_precision_notitle", "readability", 1.5, 0.9,
             "combo_traf_prec_notitle_readability_superset",
             "as above, starting from traf_bare_precision_notitle")

    # medoid vote: keep the candidate that agrees most (shingle F1) with the others
    members = [m for m in ("traf_nocomments", "readability", "newspaper4k", "goose3")
               if m in base]
    if len(members) >= 3:
        texts, times = [], []
        for i in range(n_pages):
            cands = [base[m]["texts"][i] for m in members]
            toks = [tokens(c) for c in cands]
            best, best_score = 0, -1.0
            for a in range(len(cands)):
                if not toks[a]:
                    continue
                score = sum(page_f1(match(toks[b], toks[a]))
                            for b in range(len(cands)) if b != a)
                if score > best_score:
                    best, best_score = a, score
            texts.append(cands[best])
            times.append(sum(base[m]["times"][i] for m in members))
        out.append(("combo_vote_" + "+".join(m.split("_")[0] if m.startswith("traf")
                                               else m for m in members),
                    "medoid of " + ", ".join(members) + " by pairwise shingle F1",
                    texts, times))
    return out


# --------------------------------------------------------------------------
# runner
# --------------------------------------------------------------------------
def block_network():
    def refuse(*a, **k):
        raise OSError("network disabled in extraction benchmark")
    socket.socket.connect = refuse  # type: ignore[assignment]
    socket.create_connection = refuse  # type: ignore[assignment]


WARMUP_HTML = ("<html><head><title>Warm-up</title></head><body><nav>Home | News"
               "</nav><article><h1>Warm-up</h1>" + "<p>This synthetic paragraph "
               "only loads lazy modules before timing starts, number %d.</p>" * 8 +
               "</article><footer>Contact</footer></body></html>") % tuple(range(8))


def run_extractor(fn, pages, name="") -> dict:
    # Warm-up (imports, lazy models) on a synthetic page, NOT on a dev page:
    # with deduplicate=True a warm-up on page 0 would make page 0 a duplicate.
    try:
        fn(WARMUP_HTML, "https://example.com/warm-up")
    except Exception:
        pass
    texts, times, errors = [], [], 0
    for pg in pages:
        t0 = time.perf_counter()
        try:
            out = fn(pg["html"], pg["url"]) or ""
        except Exception as e:
            if not errors:
                print(f"# {name}: {pg['id'][:12]}: {e!r}"[:300], file=sys.stderr)
            out, errors = "", errors + 1
        times.append(time.perf_counter() - t0)
        texts.append(out)
    return {"texts": texts, "times": times, "errors": errors}


def score(texts: List[str], pages: List[dict]) -> dict:
    plain = [match(tokens(pg["truth"]), tokens(t)) for pg, t in zip(pages, texts)]
    para = [match(tokens_with_paragraphs(pg["truth"]), tokens_with_paragraphs(t))
            for pg, t in zip(pages, texts)]
    res = aggregate(plain)
    res["f1_par"] = aggregate(para)["f1"]
    res["f1_perpage"] = statistics.mean(page_f1(x) for x in plain)
    res["empty"] = sum(1 for t in texts if not tokens(t))
    res["tpfpfn"] = plain
    ratios = []
    for pg, t in zip(pages, texts):
        gp = len([p for p in re.split(r"\n+", pg["truth"]) if tokens(p)])
        tp_ = len([p for p in re.split(r"\n+", t) if tokens(p)])
        if gp and tp_:
            ratios.append(tp_ / gp)
    res["para_ratio"] = statistics.median(ratios) if ratios else float("nan")
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", help="folder with ground-truth.json and html/")
    ap.add_argument("--only", help="regex: run only matching extractor names")
    ap.add_argument("--limit", type=int, help="first N pages only")
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--json", help="write metrics (and texts) to this file")
    ap.add_argument("--per-page", help="write per-page F1 TSV to this file")
    args = ap.parse_args(argv)

    data_dir = find_data_dir(args.data_dir)
    if data_dir is None:
        print("SKIP: article-extraction eval data not found "
              "(looked in --data-dir, $PROVCHECK_EVAL_DIR, ../shared/eval)")
        return 0
    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    block_network()

    pages = load_pages(data_dir, args.limit)
    if not pages:
        print(f"SKIP: no pages in {data_dir}")
        return 0
    extractors = trafilatura_extractors() + other_extractors()
    if args.only:
        keep = re.compile(args.only)
        extractors = [e for e in extractors
                      if keep.search(e[0]) or e[0] == "traf_default"]
    if not extractors:
        print("SKIP: no extractor installed (pip install trafilatura lxml_html_clean ...)")
        return 0
    try:
        import importlib.metadata as md
        vers = []
        for pkg in ("trafilatura", "lxml", "lxml_html_clean", "readability-lxml",
                    "newspaper4k", "goose3", "jusText", "resiliparse", "boilerpy3"):
            try:
                vers.append(f"{pkg} {md.version(pkg)}")
            except md.PackageNotFoundError:
                pass
        print("# " + ", ".join(vers))
    except Exception:
        pass
    print(f"# {len(pages)} pages from {data_dir}; python {sys.version.split()[0]}")

    base: Dict[str, dict] = {}
    desc: Dict[str, str] = {}
    for name, d, fn in extractors:
        t0 = time.perf_counter()
        base[name] = run_extractor(fn, pages, name)
        desc[name] = d
        print(f"# ran {name} in {time.perf_counter() - t0:.1f}s "
              f"({base[name]['errors']} errors)", file=sys.stderr)
    results = dict(base)
    for name, d, texts, times in combos(base, len(pages)):
        results[name] = {"texts": texts, "times": times, "errors": 0}
        desc[name] = d

    for name, r in results.items():
        r.update(score(r["texts"], pages))
    ref = results.get("traf_default")

    print()
    print("| config | P | R | F1 | dF1 vs default [95% CI] | F1pp | F1par | para ratio | empty | ms/page mean | ms p95 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    order = sorted(results, key=lambda n: -results[n]["f1"])
    for name in order:
        r = results[name]
        if ref is not None and name != "traf_default":
            dlt, lo, hi = paired_bootstrap(r["tpfpfn"], ref["tpfpfn"], args.bootstrap)
            dtxt = f"{dlt:+.3f} [{lo:+.3f}, {hi:+.3f}]"
        else:
            dtxt = "-"
        ms = [t * 1000 for t in r["times"]]
        p95 = sorted(ms)[max(0, int(round(0.95 * len(ms))) - 1)]
        print(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"**{r['f1']:.3f}** | {dtxt} | {r['f1_perpage']:.3f} | "
              f"{r['f1_par']:.3f} | {r['para_ratio']:.2f} | {r['empty']} | "
              f"{statistics.mean(ms):.0f} | {p95:.0f} |")
    print()
    for name in order:
        print(f"- {name}: {desc[name]}")

    pairs = [("traf_nocomments", "traf_default"),
             ("traf_precision_nocomments", "traf_nocomments"),
             ("traf_precision_nocomments", "traf_precision"),
             ("traf_recall_nocomments", "traf_nocomments"),
             ("traf_nocomments_notables", "traf_nocomments"),
             ("traf_bare_precision_notitle", "traf_precision_nocomments"),
             ("combo_traf_prec_readability_superset", "traf_precision_nocomments"),
             ("traf_precision_nocomments", "readability")]
    pairs = [(a, b) for a, b in pairs if a in results and b in results]
    if pairs:
        print("\nPaired bootstrap, F1(A) - F1(B) [95% CI], pages where A != B:")
        for a, b in pairs:
            dlt, lo, hi = paired_bootstrap(results[a]["tpfpfn"], results[b]["tpfpfn"],
                                           args.bootstrap)
            nd = sum(x != y for x, y in zip(results[a]["texts"], results[b]["texts"]))
            print(f"- {a} - {b}: {dlt:+.3f} [{lo:+.3f}, {hi:+.3f}], {nd} pages differ")

    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as f:
            f.write("id\turl\t" + "\t".join(order) + "\n")
            for i, pg in enumerate(pages):
                f.write(f"{pg['id']}\t{pg['url']}\t" + "\t".join(
                    f"{page_f1(results[n]['tpfpfn'][i]):.3f}" for n in order) + "\n")
    if args.json:
        dump = {n: {k: v for k, v in r.items() if k not in ("tpfpfn",)}
                for n, r in results.items()}
        for n in dump:
            dump[n]["ids"] = [pg["id"] for pg in pages]
        Path(args.json).write_text(json.dumps(dump, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
