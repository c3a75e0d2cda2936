"""provcheck.ingest.boilerplate: which paragraphs are page furniture, bylines and datelines."""

from __future__ import annotations

import pytest

from provcheck.ingest.boilerplate import byline, dateline, furniture_reason, is_tail_heading

ARTICLE_TEXT = [
    "The central bank raised its main interest rate to 4 percent on Tuesday.",
    "Flood waters rose across the valley on Monday and 300 homes were evacuated.",
    "The company will advertise the new model on television during the holiday season.",
    "Print runs of the newspaper fell by a third last year, its owners said.",
    "Share prices in Tokyo rose sharply after the election results were announced.",
    "He said the latest figures show the economy grew by 2 percent.",
]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("A+ A-", "site furniture"),
        ("Share this article", "site furniture"),
        ("Share on Facebook, Twitter", "site furniture"),
        ("Facebook | WhatsApp | Copy link", "site furniture"),
        ("Follow us on Twitter", "site furniture"),
        ("Post a comment", "site furniture"),
        ("Skip to main content", "site furniture"),
        ("ADVERTISEMENT", "site furniture"),
        ("Loading...", "site furniture"),
        ("\u00a0Print\u00a0", "site furniture"),  # canonical form: odd spaces folded
        ("", "empty or punctuation-only line"),
        ("* * *", "empty or punctuation-only line"),
        ("Advertisment", "advertisement"),  # misspelt: caught by the short-line rule
        ("Sponsored by the ministry", "advertisement"),
        ("10:32 24/09/2025 Page 3 of 5", "wire page header"),
        (
            "Rudaw moderates all comments submitted on our website. We welcome comments "
            "which are relevant to the article. Abusive comments will be rejected.",
            "comment policy",
        ),
        (
            "We use cookies to improve your experience. By continuing you accept our "
            "cookie policy.",
            "cookie banner",
        ),
        ("Iraqi soldiers patrol the border near Sinjar. (Photo: AFP)", "photo caption or credit"),
        ("Photo credit: Jane Roe", "photo caption or credit"),
        ("Rescuers search the rubble. AFP via Getty Images", "photo caption or credit"),
    ],
)
def test_furniture_reason(text: str, reason: str) -> None:
    assert furniture_reason(text) == reason


@pytest.mark.parametrize("text", ARTICLE_TEXT)
def test_article_sentences_are_not_furniture(text: str) -> None:
    assert furniture_reason(text) is None


def test_length_limits_keep_long_paragraphs() -> None:
    # the advert, cookie and caption rules only apply to short paragraphs
    long_advert = "The sponsored trip " + "took the reporters across the mountains " * 2
    assert furniture_reason("Sponsored trip") == "advertisement"
    assert furniture_reason(long_advert) is None
    cookie = "Cookies are used on this site, and you can accept or refuse them."
    assert furniture_reason(cookie) == "cookie banner"
    assert furniture_reason(cookie + " More words follow about the bakery." * 12) is None
    caption = "A crowd gathers outside the court. (Photo: AP)"
    assert furniture_reason(caption) == "photo caption or credit"
    assert furniture_reason("Word " * 50 + caption) is None


@pytest.mark.parametrize(
    "text",
    [
        "The Latest",
        "Related articles:",
        "3 Comments",
        "Comments",
        "Leave a reply",
        "Read more",
        "More from Rudaw",
        "Most read",
        "You may also like",
        "Editor's picks",
        "Latest news",
    ],
)
def test_tail_headings(text: str) -> None:
    assert is_tail_heading(text)


@pytest.mark.parametrize(
    "text",
    [
        "The latest figures show growth",
        "Related talks will resume on Monday",
        "Readers left more than 300 comments on the story.",
        "",
    ],
)
def test_not_tail_headings(text: str) -> None:
    assert not is_tail_heading(text)


def test_the_latest_is_a_tail_heading_not_a_furniture_line() -> None:
    # "The Latest" ends the article; it is not, on its own, a furniture line
    assert is_tail_heading("The Latest") and furniture_reason("The Latest") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Roe", ("Jane Roe", None)),
        ("By Jane Roe, AP", ("Jane Roe", "AP")),
        ("By Jane Roe, Associated Press", ("Jane Roe", "Associated Press")),
        ("BY JOHN SMITH | Reuters", ("JOHN SMITH", "Reuters")),
        ("By Hiwa Shilani - Rudaw", ("Hiwa Shilani", "Rudaw")),
        ("By Reuters", ("Reuters", None)),
        ("By\u00a0Jane Roe,\u00a0AP", ("Jane Roe", "AP")),
    ],
)
def test_byline(text: str, expected: tuple[str, str | None]) -> None:
    assert byline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "by jane roe",  # a name starts with a capital
        "Bypass road reopened",
        "Written by Jane Roe",
        "By the end of September the troops had left the base and the coalition ended",
        "",
    ],
)
def test_not_a_byline(text: str) -> None:
    assert byline(text) is None


@pytest.mark.parametrize(
    ("text", "place", "outlet", "rest"),
    [
        ("ERBIL, Kurdistan Region - An Iraqi army official said", "ERBIL, Kurdistan Region",
         None, "An Iraqi army official said"),
        ("LONDON (Reuters) - Shares fell", "LONDON", "Reuters", "Shares fell"),
        ("ERBIL (Kurdistan24) \u2013 The governor", "ERBIL", "Kurdistan24", "The governor"),
        ("KIRKUK, Iraq \u2014 Security forces", "KIRKUK, Iraq", None, "Security forces"),
        ("NEW YORK, N.Y. -- The mayor", "NEW YORK, N.Y.", None, "The mayor"),
        ("BAGHDAD: The ministry", "BAGHDAD", None, "The ministry"),
        ("ERBIL,\u00a0Kurdistan Region - A", "ERBIL, Kurdistan Region", None, "A"),
        ("Shafaq News/ The Iraqi cabinet", None, "Shafaq News", "The Iraqi cabinet"),
        ('Shafaq News/ "We agree," he said', None, "Shafaq News", '"We agree," he said'),
    ],
)
def test_dateline(text: str, place: str | None, outlet: str | None, rest: str) -> None:
    found = dateline(text)
    assert found is not None
    length, got_place, got_outlet = found
    assert (got_place, got_outlet) == (place, outlet)
    # the length is counted in the text as written, whatever its dashes and spaces
    assert text[length:] == rest


@pytest.mark.parametrize(
    "text",
    [
        "Erbil - The governor said",  # the place is written in capitals
        "The army said on Monday - nothing more",
        "US - troops",  # too short to be a place
        "ERBIL - ",  # nothing follows
        "ERBIL -The governor",
        "\u201cERBIL - quoted",
        "An ordinary sentence with no dateline.",
    ],
)
def test_not_a_dateline(text: str) -> None:
    assert dateline(text) is None
