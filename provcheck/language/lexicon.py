"""The words provcheck knows by name: one home for each word list.

Months, weekdays, titles, function words, sentence starters, the phrases that credit a
source and the verbs that introduce speech. Every module that reads English by rule
takes its words from here, so a word added here is known everywhere.
"""

from __future__ import annotations

#: Month names in calendar order.
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)
#: Short month forms (``may`` has none), each with its month's number.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: Every month word, full or short, to its number.
MONTH_NUMBER: dict[str, int] = {
    **{m: i for i, m in enumerate(MONTHS, start=1)},
    **MONTH_ABBREVIATIONS,
}
#: Weekday names, Monday first (``date.weekday()`` order).
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

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

#: Capitalised at the start of a sentence, but not names.
SENTENCE_STARTERS = STOPWORDS | {
    "however", "despite", "although", "though", "meanwhile", "after", "before", "while",
    "yesterday", "today", "tomorrow", "last", "next", "earlier", "later", "according",
    "following", "since", "until", "together", "instead", "still", "yet", "thus",
    "therefore", "moreover", "furthermore", "also", "many", "several", "most", "some",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "first", "second", "third", "now", "then", "once", "even", "only", "both", "either",
    "neither", "another", "every", "much", "like", "unlike", "under", "over", "among",
    "within", "without", "because", "whether", "unless", "whereas", "amid", "but",
    "let", "please", "note", "read", "see", "watch", "more", "less", "no", "yes",
}

#: Titles before a name: "Gen. Smith" is Smith, "President" alone is no name.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "gen",
    "general", "col", "colonel", "lt", "capt", "captain", "sgt", "maj", "major",
    "president", "prime", "minister", "judge", "justice", "sheikh", "king", "queen",
    "prince", "princess", "rev", "st",
})

#: Phrases before a source that credit it with the information ("told Rudaw",
#: "according to Reuters"): read as attribution facts.
ATTRIBUTION_PHRASES: tuple[str, ...] = (
    "told", "telling", "in an interview with", "speaking to", "talking to",
    "according to", "citing", "quoted by", "reported by", "said in a statement to",
)
#: Further phrases that credit another outlet with a story ("as reported by the
#: BBC", "via AP"): read only as direction evidence, too loose to be facts.
CREDIT_PHRASES: tuple[str, ...] = (
    "told", "in an interview with", "speaking to", "according to", "reported by",
    "as reported by", "cited by", "quoted by", "via", "a report by", "a report from",
    "report from", "reports from",
)

#: The last word of a statute's or an event's name that can hold a year ("the 1968
#: Medicines Act", "the Medicines Act 1968", "the 2014 World Cup"): the year is part of
#: the name, not a date of the sentence.
NAMED_YEAR_HEADS: tuple[str, ...] = (
    "Act", "Acts", "Bill", "Regulations", "Directive", "Treaty", "Convention",
    "Agreement", "Accord", "Accords", "Protocol", "Constitution", "Declaration", "Code",
    "Cup", "Olympics", "Paralympics", "Games", "Championship", "Championships", "Open",
    "Prix", "Final", "Finals", "Tour", "Marathon", "Series", "Expo", "Festival", "Awards",
    "Election", "Elections", "Budget", "Census", "Summit", "Conference", "Rising",
    "Uprising", "Revolution",
)

#: Verbs (and fixed phrases) that introduce or close a quotation.
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "stated",
    "states", "asserted", "asserts", "emphasised", "emphasized", "stressed", "explained",
    "confirmed", "acknowledged", "warned", "insisted", "argued", "claimed", "declared",
    "announced", "continued", "remarked", "replied", "wrote", "urged", "reiterated",
    "affirmed", "expressed", "stating", "saying", "adding", "noting", "hailed",
    "described", "maintained", "delved", "detailing", "explaining", "according to",
    "asked", "suggested", "admitted", "denied", "conceded",
    "quoted", "recalled", "told reporters",
)


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regular-expression alternation of literal phrases, in the order given."""
    import re

    return "|".join(re.escape(x) for x in items)

#: News agencies (wire services), lower case: outlets whose copy others print. An
#: article from one of them, or one that opens with a wire page header, is wire copy.
NEWS_AGENCIES = frozenset({
    "pa", "pa news", "press association", "pa media", "associated press", "ap",
    "reuters", "afp", "agence france-presse", "agence france presse", "dpa",
    "deutsche presse-agentur", "ansa", "efe", "kyodo", "kyodo news", "xinhua", "upi",
    "united press international", "bernama", "anadolu", "anadolu agency", "yonhap",
    "tass", "pti", "press trust of india", "ani", "aap", "australian associated press",
    "canadian press", "the canadian press", "apa", "belga", "anp", "tt", "ntb", "ritzau",
    "sapa", "ians", "bloomberg news",
})
