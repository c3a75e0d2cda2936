import gzip
import sys
from pathlib import Path

import pytest

import provcheck
from provcheck import errors
from provcheck.ingest.normalize import looks_like_html
from tests.conftest import FIXTURES, seed


def test_text_article_metadata_and_furniture() -> None:
    doc = provcheck.normalize(seed("001"))
    assert doc.title and doc.title.startswith("Iraqi army says")
    assert doc.date == "2025-09-24"
    assert doc.outlet == "Rudaw"
    assert doc.dateline == "ERBIL, Kurdistan Region"
    texts = " ".join(p.text for p in doc.paragraphs)
    for furniture in ("A+ A-", "moderates all comments", "The Latest", "Post a comment",
                      "Sunni blocs"):
        assert furniture not in texts
    assert doc.paragraphs[0].text.startswith("An Iraqi army official")
    reasons = {b.reason for b in doc.boilerplate}
    assert "trailing site section" in reasons
    assert "site furniture" in reasons


def test_one_line_paragraphs_without_blank_lines() -> None:
    doc = provcheck.normalize(seed("000"))
    raw = seed("000").read_text(encoding="utf-8").splitlines()
    assert len(doc.paragraphs) == len(raw) - 1  # every line but the title


def test_offsets_point_into_the_input() -> None:
    path = seed("001")
    text = path.read_text(encoding="utf-8")
    for p in provcheck.normalize(path).paragraphs:
        assert p.start is not None and p.end is not None
        assert text[p.start : p.end].split() == p.text.split()


def test_captions_and_adverts_removed() -> None:
    doc = provcheck.normalize(seed("004"))
    texts = " ".join(p.text for p in doc.paragraphs)
    assert "(Photo:" not in texts
    assert "Advertisment" not in texts
    assert doc.outlet == "Kurdistan24"


def test_wire_copy_is_rejoined() -> None:
    doc = provcheck.normalize(FIXTURES / "wire" / "pa_style.txt")
    assert doc.title == "BAKER FINED OVER MISLABELLED LOAVES"
    assert doc.author == "A Reporter"
    assert len(doc.paragraphs) == 3
    assert doc.paragraphs[0].text.startswith("A baker who sold ordinary white loaves")
    assert doc.paragraphs[0].text.endswith("price for the bread.")
    assert "\n" not in doc.paragraphs[0].text


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.txt", "utf-8"),
        ("utf8_bom.txt", "utf-8-sig"),
        ("cp1252.txt", "cp1252"),
        ("latin1.txt", "latin-1"),
        ("utf16_bom.txt", "utf-16"),
        ("crlf.txt", "utf-8"),
    ],
)
def test_encodings(name: str, encoding: str) -> None:
    doc = provcheck.normalize(FIXTURES / "encodings" / name)
    assert doc.encoding == encoding
    assert doc.title == "Caf\u00e9 owners protest new rules"
    assert "caf\u00e9s" in doc.paragraphs[0].text
    assert len(doc.paragraphs) == 2


def test_html_is_sniffed_not_by_extension(tmp_path: Path) -> None:
    html = (FIXTURES / "html" / "article.html").read_text(encoding="utf-8")
    odd = tmp_path / "page.txt"
    odd.write_text(html, encoding="utf-8")
    doc = provcheck.normalize(odd)
    assert doc.source_format == "html"
    assert looks_like_html(html)
    assert not looks_like_html(seed("001").read_text(encoding="utf-8"))


def test_html_main_content_only() -> None:
    doc = provcheck.normalize(FIXTURES / "html" / "article.html")
    assert doc.title == "Council extends night buses to three districts"
    assert doc.date == "2025-11-04"
    assert doc.outlet == "The Daily Example"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("The city council voted")
    assert len(texts) == 5
    joined = " ".join(texts)
    for furniture in ("cookies", "Great news", "waste of money", "Copyright", "Advertisement",
                      "Facebook"):
        assert furniture not in joined


def test_gzip_by_content_and_str_and_bytes_inputs() -> None:
    gz = FIXTURES / "html" / "article.html.gz"
    a = provcheck.normalize(gz)
    b = provcheck.normalize(gzip.decompress(gz.read_bytes()))
    c = provcheck.normalize(gzip.decompress(gz.read_bytes()).decode("utf-8"))
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    assert [p.text for p in a.paragraphs] == [p.text for p in c.paragraphs]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("bad/binary.bin", errors.BinaryInputError),
        ("bad/empty.txt", errors.EmptyInputError),
        ("bad/whitespace.txt", errors.EmptyInputError),
        ("bad/furniture_only.txt", errors.EmptyInputError),
        ("bad/corrupt.gz", errors.DecodeError),
        ("html/no_article.html", errors.EmptyInputError),
        ("does/not/exist.txt", errors.MissingInputError),
        ("bad", errors.MissingInputError),
    ],
)
def test_bad_input_raises_input_errors(name: str, error: type) -> None:
    with pytest.raises(error) as info:
        provcheck.normalize(FIXTURES / name)
    assert isinstance(info.value, errors.InputError)
    assert info.value.exit_code == 3


def test_size_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    norm = sys.modules["provcheck.ingest.normalize"]  # the module, shadowed by the function
    monkeypatch.setattr(norm, "MAX_INPUT_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(errors.InputTooLargeError):
        provcheck.normalize(big)
