import pytest

from provcheck.language.dates import parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("24-09-2025", "2025-09-24"),
        ("01-09-2024", "2024-09-01"),
        ("09/24/2025", "2025-09-24"),
        ("2025-11-04T09:30:00Z", "2025-11-04"),
        ("September 24, 2025", "2025-09-24"),
        ("Wednesday 24 September 2025 10:15", "2025-09-24"),
        ("Published: 3 Oct 2024", "2024-10-03"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["Rudaw", "31-02-2025", "around 2,500 troops", "2014"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None
