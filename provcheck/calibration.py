"""Every tuned number, and the mode they are read in: the one home of calibration.

A number that decides a verdict, a link, a fact or a candidate lives here, named once,
with one line saying where it came from (which dev data, which benchmark). The stages
read them from the :class:`Calibration` they are handed inside the run's
:class:`~provcheck.verdict.settings.Settings`, never from a module constant of their own,
so a run can record exactly what it ran with and a resumed scan can refuse to mix
settings. This module is the ground floor: it imports nothing of provcheck.

The mode (``semantic``: word overlap and the embedding model; ``fast``: word overlap
alone) is an explicit value: stages ask ``settings.mode``, never whether a model
happens to be loaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["semantic", "fast"]
#: The modes, the default first.
MODES: tuple[Mode, ...] = ("semantic", "fast")


def mode_of(fast: bool) -> Mode:
    """The mode a ``--fast`` flag asks for."""
    return "fast" if fast else "semantic"


@dataclass(frozen=True)
class PerMode:
    """A threshold with one value per mode (scores differ in scale between modes)."""

    semantic: float
    fast: float

    def __getitem__(self, mode: Mode) -> float:
        return self.semantic if mode == "semantic" else self.fast


def _tuned(value: Any, provenance: str) -> Any:
    """A calibrated field: its default and a one-line note of where it came from."""
    return field(default=value, metadata={"provenance": provenance})


@dataclass(frozen=True)
class Calibration:
    """The tuned numbers of every stage (defaults: what ships)."""

    # -- similarity --------------------------------------------------------------
    semantic_weight: float = _tuned(
        0.5, "weight of embedding cosine in the combined score; MSRP dev (benchmarks/accuracy.py)")
    min_model_coverage: float = _tuned(
        0.8, "share of a side's words the embedding model must know (not [UNK], not spelled "
        "letter by letter) for semantic scores, else word overlap alone; English dev text "
        "is >= 0.917 per document (METER; MSRP 0.9996, C&S >= 0.977), Arabic 0.00-0.04, "
        "other non-Latin scripts <= 0.21 (StaticEmbedder notes)")
    translation_link: float = _tuned(
        0.82, "least multilingual-e5 cosine for two paragraphs in two languages, each the "
        "other's best match, to be linked as translations; hand-set on the written set "
        "fixtures/languages (benchmarks/languages.py model --model e5: with the margin, "
        "no paragraph of 48 unrelated 4-paragraph documents linked)")
    translation_margin: float = _tuned(
        0.03, "a linked pair's cosine must lead each paragraph's next best match by this; "
        "set on the gettext messages (benchmarks/languages.py): unrelated 4-message "
        "documents with a link 83/83 -> 5/83, translations with 2+ links 82/83 -> 73/83")
    translation_min_links: int = _tuned(
        2, "least linked paragraphs for reuse across languages (fewer where a side has "
        "fewer paragraphs): one chance link is not reuse (gettext: 5/83 unrelated "
        "documents hold exactly one; benchmarks/languages.py)")
    same_language_link: float = _tuned(
        0.92, "the same for two paragraphs in one language the English model cannot read "
        "(Arabic script): written rewrites 0.94-0.97, unrelated Arabic <= 0.852, Sorani "
        "<= 0.903 (fixtures/languages, benchmarks/languages.py)")
    translation_whole: float = _tuned(
        0.6, "share of the shorter side's paragraphs linked across languages for a whole "
        "translation or rewrite, else partial; hand-set between 3/4 and 2/4 of the "
        "written documents (benchmarks/languages.py documents)")
    translation_candidate: float = _tuned(
        0.82, "check, scan, report: least multilingual-e5 cosine between a paragraph of "
        "one document and one of an indexed document in another language for the pair "
        "to be compared in full; the paragraph link cut (translation_link), hand-set on "
        "fixtures/languages (benchmarks/languages.py collection)")
    translation_partners: int = _tuned(
        5, "check, scan, report: most documents in other languages compared in full per "
        "document, the closest first; hand-set (fixtures/languages: one story, four "
        "other languages)")
    declared_language_script: float = _tuned(
        0.8, "pages: a text whose commonest script holds less than this share of its "
        "letters is mixed, and the page's declared language (html lang, og:locale, "
        "content-language) names it; hand-set (benchmarks/languages_cues.py declared)")
    name_ending_letters: int = _tuned(
        3, "names in Latin letters: letters one spelling may have at its end beyond the "
        "other's and still be that name (Kurmanji Rûdawê, Kurdistan24ê); hand-set on "
        "fixtures/languages/credits*.json")
    name_length_ratio: float = _tuned(
        0.5, "names in Arabic script: least length of the shorter spelling, as a share of "
        "the longer, for one key to be one name (رد, reply, keys as Rudaw does); hand-set "
        "on fixtures/languages/names.json (benchmarks/languages_cues.py names)")
    name_key_letters: int = _tuned(
        2, "names across scripts: fewest consonants a name's skeleton key must hold to "
        "match at all (Ali, Kawa, Koya all key one letter); hand-set on "
        "fixtures/languages/names.json (benchmarks/languages_cues.py names)")

    # -- sentence links ----------------------------------------------------------
    link_threshold: PerMode = _tuned(
        PerMode(0.65, 0.5),
        "least similarity for two sentences to be linked as evidence of reuse; hand-set "
        "on ../shared/eval/dev C&S and MSRP, measured by benchmarks/accuracy.py")
    weak_link_threshold: PerMode = _tuned(
        PerMode(0.45, 0.35),
        "a weaker best match beside a strong link joins paragraphs (never evidence); "
        "hand-set on the flagship pair and C&S dev rewrites")

    # -- alignment ---------------------------------------------------------------
    paragraph_cover: float = _tuned(
        0.3, "linked sentences must cover this share of the shorter paragraph's words to "
        "join two paragraphs; hand-set on the flagship pair (tests/test_flagship.py)")
    edited_kept: float = _tuned(
        0.6, "an alignment whose word diff keeps this share of words is 'edited', else "
        "'paraphrase'; hand-set; shown in alignments and reasons, decides no relation")

    # -- relation ----------------------------------------------------------------
    derived_probability: float = _tuned(
        0.5, "probability of derivation (provcheck/data/decisions.json, fitted by "
        "tools/fit_decisions.py on ../shared/eval/dev) from which a pair is derived")
    whole_probability: float = _tuned(
        0.5, "probability of whole derivation (same model) from which a derived pair is "
        "reprint/edited/rewrite rather than partial")
    sentence_words: int = _tuned(
        50, "below this many words on both sides a pair is sentences, "
        "judged by the model fitted on MSRP sentence pairs; MSRP dev pairs are at most 33 "
        "words, METER and C&S texts mostly over 100 (hand-set between)")
    min_evidence_words: int = _tuned(
        8, "words each side needs before it can be called derived: a "
        "shared one-line wire instalment ('The hearing was adjourned until tomorrow', 7 "
        "words) is not evidence; the shorter sentence of an MSRP dev pair is 8 words or "
        "more in 99% of pairs (hand-set there)")
    data_lines: int = _tuned(
        3, "check / index add: lines a plain text needs before its layout can say data (a "
        "table or JSON lines; code needs data_lines + 2); hand-set")
    data_share: float = _tuned(
        0.8, "check / index add: share of the lines that must be rows of one table (same "
        "count of one separator, short fields) for a text to be data; 0 of 1,838 dev "
        "articles skipped (python benchmarks/not_articles.py)")
    code_share: float = _tuned(
        0.35, "check / index add: share of a text's characters on lines that read as code "
        "for it to be code; dev articles reach 0.25 at most with 5+ lines (python "
        "benchmarks/not_articles.py)")
    min_own_reuse: float = _tuned(
        0.1, "least share of the derived side's own word 3-grams (outside quotation marks) "
        "found in the other for a derivation of articles: shared quotations alone are not "
        "copying; METER dev leave-one-story-out, 0 -> 0.1: derived precision 0.888 -> "
        "0.909, recall 0.798 -> 0.731 (semantic; docs/decisions.md)")
    related_topic: PerMode = _tuned(
        PerMode(0.78, 0.12),
        "whole-document topic similarity of two reports of one story, down to which (less "
        "prefilter_topic_margin) a report compares a pair; C&S dev same-task pairs "
        "(benchmarks/accuracy.py, 'same story' table)")

    # -- direction: learned (provcheck/data/decisions.json), but for cues that the dev
    # data never shows, whose weights are set here by hand (log-odds added to the model's)
    direction_date_weight: float = _tuned(
        2.0, "log-odds of an earlier publication date; hand-set: no dev pair has both "
        "dates (METER newspapers carry none), flagship pair (docs/accuracy.md)")
    direction_own_outlet_weight: float = _tuned(
        1.5, "log-odds of first-hand reporting for one's own outlet ('told Rudaw'); "
        "hand-set, no dev pair shows it")
    direction_credit_weight: float = _tuned(
        2.0, "log-odds against the side that credits the other's outlet; hand-set, no dev "
        "pair shows it")
    trim_kept: float = _tuned(
        0.8, "share of a linked sentence's words found in its partner for the partner to "
        "be it cut down (direction cue dir_trim); METER dev, wire markers removed "
        "(benchmarks/direction_cues.py: 0.8 / 0.9 / 1.0 tried)")
    trim_words: int = _tuned(
        3, "words the longer sentence of a cut-down pair has at least in excess "
        "(dir_trim); hand-set")
    direction_agree_margin: float = _tuned(
        0.2, "where neither side is agency copy and the plain direction model is unsure, "
        "the full model names the source beyond 0.5 + this if the plain one leans the same "
        "way; METER dev wire cue gone, in-sample wrong 0.081 (0.3: 0.054, but a copy that "
        "only drops sentences stays unknown); docs/decisions.md")

    stated_source_reuse: float = _tuned(
        0.3, "share of the source's own word 3-grams found in the other for a pair not "
        "derived on the copy's side to be partial, where a stated cue (agency copy, a "
        "date, a credit) names the source; METER dev in-sample macro 0.605 -> 0.622, PD "
        "F1 0.503 -> 0.540, derived P/R 0.909/0.731 -> 0.908/0.751 (0.1 / 0.2 / 0.3 / "
        "0.4 / 0.5 / 0.7 tried; chosen leave one story out: 0.3 for 132 of 133 stories)")

    # -- quotations --------------------------------------------------------------
    interrupt_words: int = _tuned(
        6, "words (with a speech verb) between two quoted runs of one quotation; "
        "hand-set on the flagship pair; measured by benchmarks/facts_eval.py")
    altered_min_shared: float = _tuned(
        0.5, "share of a copy quotation's content words shared with a source quotation "
        "to be it, altered; hand-set, measured by benchmarks/facts_eval.py")

    # -- support -----------------------------------------------------------------
    support_threshold: PerMode = _tuned(
        PerMode(0.34, 0.25),
        "clause support below which a claim is unsupported: 5th percentile of MSRP dev "
        "paraphrase clauses (benchmarks/facts_eval.py --calibrate)")
    min_clause_words: int = _tuned(
        3, "content words a clause needs to carry a claim of its own; MSRP dev clauses")

    # -- facts -------------------------------------------------------------------
    context_words: int = _tuned(
        3, "content words each side of a fact that bind it to a subject; "
        "hand-set; measured by benchmarks/facts_eval.py")
    moved_overlap: float = _tuned(
        0.8, "content-word Dice two sentences need before a fact with new neighbours is "
        "'moved'; hand-set, measured on PAWS dev by benchmarks/facts_eval.py")
    about_same: float = _tuned(
        80.0, "rapidfuzz token_sort_ratio at which two counted subjects are one; "
        "hand-set, measured by benchmarks/facts_eval.py")
    role_reach: int = _tuned(
        8, "later facts of its kind and paragraph a fact is held against for an exchange "
        "of subjects (a role change); a bound on work, hand-set: two swapped values stand "
        "side by side (benchmarks/divergences.py, role edits)")
    fuzzy_same_name: float = _tuned(
        90.0, "rapidfuzz ratio at which two spellings are one name (Ain al-Asad / "
        "al-Assad); hand-set, measured by benchmarks/facts_eval.py")

    # -- collections and the index -----------------------------------------------
    outlet_repeats: int = _tuned(
        2, "articles of one outlet that must hold a paragraph for it to be furniture; "
        "hand-set on ../shared/seeds (two Rudaw pages share a comment policy)")
    max_furniture_share: float = _tuned(
        0.5, "furniture is never more than this share of an article (else the articles "
        "copy each other); hand-set")
    shingle_n: int = _tuned(
        5, "word n-gram length of the index's shingles; docs/performance.md")
    shingle_mod: int = _tuned(
        4, "one shingle in this many is kept (by hash); docs/performance.md")
    max_df: int = _tuned(
        50, "a shingle in more documents than this is a stock phrase; docs/performance.md")
    semantic_min: float = _tuned(
        0.85, "document cosine that makes a candidate: under the least similar heavy "
        "rewrite of C&S dev (0.871)")
    min_shared: int = _tuned(
        2, "kept shingles shared with the query that make a lexical candidate (one for a "
        "query of fewer than 8); hand-set, recall in docs/performance.md")
    text_min_shared: int = _tuned(
        3, "scan: word 3-grams (held by at most max_df documents) two documents must share "
        "to be candidates by shared text (provcheck.collection.candidates); hand-set, "
        "candidate recall on METER dev (benchmarks/meter_product.py, docs/decisions.md)")
    text_min_share: float = _tuned(
        0.04, "scan: least share of the shorter document's word 3-grams shared for a "
        "candidate by shared text; under min_own_reuse (0.1) with room for quotation; "
        "METER dev candidate recall (benchmarks/meter_product.py)")
    text_partners: int = _tuned(
        40, "scan: most candidates by shared text per document (the budget), the most "
        "shared first; hand-set over METER dev stories (up to 30 texts)")
    gram_mod: int = _tuned(
        2, "check: one word 3-gram in this many is stored in the index (by key) and "
        "asked for shared-text candidates (the budget per document); METER dev, of the "
        "scan's derivable pairs check finds 0.959 (1: 1.000, twice the table; 4: 0.889; "
        "benchmarks/check_candidates.py)")
    gram_min_shared: int = _tuned(
        2, "check: kept 3-grams (held by at most max_df documents) shared with an indexed "
        "document that make it a candidate by shared text (with text_min_share of the "
        "shorter side's kept 3-grams); 1 finds 0.984 for many more look-ups "
        "(benchmarks/check_candidates.py)")
    report_topic_partners: int = _tuned(
        5, "report PATHS in fast mode: each article is also compared with this many "
        "sharing the most rare words (as many as the index's semantic search gives); "
        "METER 100 files: 166 of 196 all-pairs derivations (docs/report-scale.md)")
    prefilter_topic_margin: float = _tuned(
        0.1, "report: how far under related_topic a pair may be and still be compared; "
        "hand-set")

    # -- same story --------------------------------------------------------------
    story_same: float = _tuned(
        0.3, "provcheck.story: least geometric mean of the two sides' shares of name and "
        "number mentions the other holds for one story; METER dev pairs "
        "(benchmarks/stories.py)")
    story_words_same: float = _tuned(
        0.15, "provcheck.story: least Dice of 4+ letter content words for one story between "
        "texts that name almost nothing; C&S dev same-task answers (benchmarks/stories.py)")
    story_min_mentions: int = _tuned(
        3, "provcheck.story: name and number mentions each side needs for names to decide "
        "(else words do); hand-set on C&S dev (answers name 0-2 things)")
    story_min_number: int = _tuned(
        10, "provcheck.story: numbers below this (written without a currency) are no "
        "evidence of one story; hand-set")
    story_max_days: int = _tuned(
        3, "provcheck.story: articles published further apart than this report different "
        "events; hand-set (METER dev has no same-story pair dated apart)")
    story_reason_items: int = _tuned(
        6, "provcheck.story: shared items named in a reason (display only)")
    story_min_grams: int = _tuned(
        10, "story direction: least word 3-grams a claim rests on (shared by both partners, "
        "or each one's part); METER dev stripped of agency markers (python "
        "benchmarks/meter_stripped.py --reuse DIR --rules all)")
    story_take_grams: int = _tuned(
        20, "story direction: least word 3-grams each partner's part of a merger holds for "
        "a strong claim; METER dev stripped (benchmarks/meter_stripped.py)")
    story_common_share: float = _tuned(
        0.8, "story direction: least share of what two copies share that their common "
        "source holds, for a strong claim; METER dev stripped (benchmarks/meter_stripped.py "
        "--sweep: the 3 wrong of 0.5 veto stable from 0.8 to 0.9 and story_min_grams 10-20)")
    story_common_veto: float = _tuned(
        0.5, "story direction: the same share for a weak claim, which vetoes the other "
        "side; METER dev stripped (0.6: 6 or 7 wrong of 80-100 set; benchmarks/meter_stripped.py "
        "--sweep)")
    story_disjoint_veto: float = _tuned(
        0.1, "story direction: most overlap of a merger's parts (share of the smaller) for "
        "a weak claim, which vetoes; METER dev stripped (benchmarks/meter_stripped.py)")

    cluster_linkage: float = _tuned(
        0.05, "report clusters: least link weight between two groups over the product of "
        "their sizes for them to merge (average linkage); METER dev (benchmarks/stories.py)")
    cluster_related_weight: float = _tuned(
        0.5, "report clusters: weight of a same-story (related) link, a derivation weighing "
        "1; METER dev (benchmarks/stories.py)")

    def provenance(self) -> dict[str, str]:
        """Each setting's one-line note of where it came from."""
        return {f.name: f.metadata["provenance"] for f in dataclasses.fields(self)}

    def as_dict(self) -> dict[str, Any]:
        """Every setting as plain JSON values (per-mode ones as ``{semantic, fast}``)."""
        return dataclasses.asdict(self)

    def fingerprint(self) -> str:
        """A short hash of every value: equal fingerprints, equal calibration."""
        text = json.dumps(self.as_dict(), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: What ships.
CALIBRATION = Calibration()
