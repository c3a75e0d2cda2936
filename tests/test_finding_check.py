"""The finding first, in words, in every output of ``provcheck check``: a failing
finding opens with its sentence (who copies whom, by path and title, what the copy
changed) in text, md, junit and github; the JSON gives every finding its sentence; the
server's check page and its API say the same."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from provcheck import compare, normalize
from provcheck.collection.check_records import CheckResult, CheckRun, Finding
from provcheck.models import DERIVED_RELATIONS
from provcheck.render.check_formats import render_check
from provcheck.render.finding import of_check
from provcheck.serve.app import create_app, limited
from provcheck.serve.config import ServeConfig
from tests.serveutil import COPY, OTHER, SOURCE, index_of

#: The sentence of the copy in tests.serveutil (COPY changes SOURCE's 4.2 million euros
#: to 5 million, and its headline): the copy, then the source, each by path and title.
SENTENCE = re.compile(
    r"new\.txt, “Council backs electric ferries for the islands”, (is a reprint of|is an "
    r"edited copy of|is a rewrite of) .*source\.txt, “Harbour council approves new ferry "
    r"link to the islands”: ")


@pytest.fixture(scope="module")
def run() -> CheckRun:
    c = compare(normalize(SOURCE, label="source.txt"), normalize(COPY, label="new.txt"),
                fast=True)
    assert c.relation in DERIVED_RELATIONS and c.direction == "a->b"
    story = compare(normalize(OTHER, label="story.txt"), normalize(COPY, label="new.txt"),
                    fast=True)
    return CheckRun((CheckResult("new.txt", "fail", (
        Finding(1, "source.txt", c, c.relation, c.direction, c.score, True, True),
        Finding(2, "story.txt", story, "related", "unknown", 0.2, False, False),
        Finding(3, "held.txt", None, "reprint", "a->b", 1.0, True, False),
    )),), fail_on="edited", fail_on_divergence=False, index_path="index.db", index_size=3)


def test_the_sentence_names_the_copy_and_its_source_by_path_and_title(run: CheckRun) -> None:
    edited, _, same = run.results[0].findings
    told = of_check(edited, "new.txt")
    assert SENTENCE.match(told), told
    assert "1 fact changed" in told  # 4.2 million euros -> 5 million
    assert of_check(same, "new.txt") == ("new.txt is a reprint of held.txt: the same "
                                         "text, word for word.")
    reverse = Finding(3, "held.txt", None, "reprint", "b->a", 1.0, False, False)
    assert of_check(reverse, "new.txt").startswith("held.txt is a reprint of new.txt")


def test_every_failing_finding_opens_with_its_sentence_in_every_format(run: CheckRun) -> None:
    edited, related, same = run.results[0].findings
    failing = [of_check(edited, "new.txt"), of_check(same, "new.txt")]
    text = render_check(run, "text").splitlines()
    assert text[0] == f"FAIL  new.txt: {failing[0]}"
    assert text[1].strip().startswith(f"{edited.relation} (score")  # its line follows
    assert failing[1] in {line.strip() for line in text}
    assert of_check(related, "new.txt") not in render_check(run, "text")  # not failing
    for fmt in ("md", "junit", "github"):
        out = render_check(run, fmt)
        for sentence in failing:
            key = sentence.split(":")[0]  # formats escape quotes and punctuation
            assert key.replace("“", "").replace("”", "")[:40] in (
                out.replace("&quot;", "").replace("“", "").replace("”", "")
                .replace("%3A", ":").replace("%2C", ",")), (fmt, out)


def test_the_json_gives_every_finding_its_sentence(run: CheckRun) -> None:
    out = json.loads(render_check(run, "json"))
    told = [f["finding"] for f in out["results"][0]["findings"]]
    assert told == [of_check(f, "new.txt") for f in run.results[0].findings]
    assert "report the same story" in told[1]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = index_of(tmp_path_factory.mktemp("finding"), ("source.txt", SOURCE))
    with TestClient(limited(create_app(ServeConfig(db=db, workers=1)))) as c:
        yield c


def test_the_server_says_the_sentence_in_its_json_and_on_its_page(client: TestClient,
                                                                   ) -> None:
    r = client.post("/api/check", json={"article": {"text": COPY, "name": "new.txt"},
                                        "fail_on": "edited"})
    assert r.status_code == 200, r.text
    [finding] = r.json()["check"]["results"][0]["findings"]
    assert finding["fails"]
    assert SENTENCE.match(finding["finding"].replace(finding["path"], "source.txt"))
    page = client.get(f"/check/{r.json()['id']}").text
    told = finding["finding"].replace("'", "&#39;").replace("“", "“")
    assert f'<p class="finding"><strong>{told}</strong>' in page
