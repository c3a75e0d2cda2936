import pytest

from provcheck.calibration import CALIBRATION
from provcheck.language.entities import name_key, same_entity


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("ISIS", "Islamic State"),
        ("Daesh", "ISIS"),
        ("Ain al-Asad", "Ain al-Assad"),
        ("Muhammadawi", "Qais al-Muhammadawi"),
        ("U.S.", "United States"),
        ("the US", "America"),
        ("Mr Smith", "Smith"),
    ],
)
def test_same_entity(x: str, y: str) -> None:
    assert same_entity(name_key(x), name_key(y), CALIBRATION.fuzzy_same_name)


@pytest.mark.parametrize(
    ("x", "y"), [("Iraq", "Iran"), ("Kirkuk", "Erbil"), ("Boston", "Gloucester"), ("Al", "Ali")]
)
def test_different_entities(x: str, y: str) -> None:
    assert not same_entity(name_key(x), name_key(y), CALIBRATION.fuzzy_same_name)
