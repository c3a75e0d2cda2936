import __future__

import types

import provcheck


def test_public_api_matches_all() -> None:
    exported = {
        name
        for name, value in vars(provcheck).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType | __future__._Feature)
    }
    # compare is loaded on first use (PEP 562), so it is not in vars() until then
    assert exported - {"compare"} == set(provcheck.__all__) - {"__version__", "compare"}
    assert all(getattr(provcheck, name) is not None for name in provcheck.__all__)
    assert callable(provcheck.compare) and callable(provcheck.normalize)


def test_exception_tree() -> None:
    assert issubclass(provcheck.MissingInputError, provcheck.InputError)
    assert issubclass(provcheck.InputError, provcheck.ProvcheckError)
    assert provcheck.UsageError.exit_code == 2
    assert provcheck.InputError.exit_code == 3
