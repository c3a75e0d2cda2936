"""provcheck.ingest.extract: an HTML page's article paragraphs and metadata, via trafilatura."""

from __future__ import annotations

from provcheck.ingest.extract import extract

BODY = [
    "Flood waters rose across the valley on Monday and more than 300 homes were "
    "evacuated, the regional governor said in a statement.",
    "Rescue teams in boats reached villages cut off by the river overnight, and the army "
    "sent two helicopters to lift stranded families from rooftops.",
    "The weather service expects more rain on Wednesday and warned that the river could "
    "rise another metre before the weekend.",
]
TITLE = "Valley floods force 300 families from homes"

PAGE = f"""<!DOCTYPE html>
<html><head>
<title>{TITLE} | Daily Example</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Daily Example">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-11T08:00:00Z">
<link rel="canonical" href="https://example.com/news/valley-floods">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Council approves new bridge budget for next year</a></li>
<li><a href="/b">Local team wins the regional cup final</a></li></ul></aside>
<footer><p>Copyright 2024 Daily Example. All rights reserved.</p>
<p>Subscribe to our newsletter</p></footer>
</body></html>"""


def test_article_paragraphs_in_order_and_furniture_dropped() -> None:
    paragraphs, _ = extract(PAGE)
    assert paragraphs == BODY  # no menu, headline, teasers or footer
    text = " ".join(paragraphs)
    for furniture in ("Sport", "Related stories", "regional cup", "Copyright", "newsletter"):
        assert furniture not in text


def test_page_metadata() -> None:
    _, meta = extract(PAGE)
    assert meta == {
        "title": TITLE,
        "date": "2024-03-11",
        "outlet": "Daily Example",
        "author": "Jane Roe",
        "url": "https://example.com/news/valley-floods",
    }


SENTENCE_1 = ("The regional council met on Tuesday evening and voted to spend another four "
              "million on flood defences along the river.")
SENTENCE_2 = ("Members of the opposition said the money came too late for the families who "
              "lost their homes in the spring floods.")
QUOTE = ("We will not leave anyone behind this time, the council leader told reporters "
         "outside the hall.")
LAST = ("The work starts in June and should take two years, according to the council's own "
        "plan published on Tuesday night.")
STRUCTURED = f"""<html><head><title>Council votes flood money</title></head><body><article>
<h1>Council votes flood money</h1>
<p>{SENTENCE_1}<br>{SENTENCE_2}</p>
<table><tr><th>Town</th><th>Homes</th></tr><tr><td>Northfield</td><td>120</td></tr>
<tr><td>Southbank</td><td>85</td></tr></table>
<blockquote><p>{QUOTE}</p></blockquote>
<ul><li>Four million for new flood walls along the river banks in both towns.</li>
<li>One million for pumps and sandbag stores near the bridges.</li></ul>
<p>{LAST}</p>
<div class="comments"><h3>Comments</h3><p>Great news at last!!! posted by reader123</p></div>
</article></body></html>"""


def test_breaks_tables_quotes_and_lists_become_paragraphs() -> None:
    paragraphs, meta = extract(STRUCTURED)
    assert paragraphs == [
        SENTENCE_1,  # a <br> inside a <p> starts a new paragraph
        SENTENCE_2,
        "Town | Homes",  # a table row is one paragraph, cells joined by " | "
        "Northfield | 120",
        "Southbank | 85",
        QUOTE,  # a <p> inside a <blockquote> is taken once
        "Four million for new flood walls along the river banks in both towns.",
        "One million for pumps and sandbag stores near the bridges.",
        LAST,
    ]
    # reader comments are not article text; the <h1> repeating the title is metadata
    assert not any("reader123" in p or p == "Council votes flood money" for p in paragraphs)
    assert meta["title"] == "Council votes flood money"
    assert (meta["date"], meta["outlet"], meta["author"], meta["url"]) == (None,) * 4


def test_a_headline_that_differs_from_the_title_is_kept() -> None:
    page = STRUCTURED.replace(
        "<h1>Council votes flood money</h1>", "<h2>A second heading inside the story</h2>"
    )
    paragraphs, _ = extract(page)
    assert paragraphs[0] == "A second heading inside the story"
    assert paragraphs[1] == SENTENCE_1


def test_pages_without_article_text() -> None:
    assert extract("") == ([], {})
    assert extract("<html><body></body></html>") == ([], {})
    paragraphs, _ = extract("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert paragraphs == []


def test_extraction_does_not_depend_on_earlier_calls() -> None:
    # with trafilatura's deduplication on, a page seen three times would come out empty
    first = extract(PAGE)
    for _ in range(4):
        assert extract(PAGE) == first
