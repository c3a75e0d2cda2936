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
    # compare, report and from_url are loaded on first use (PEP 562): not in vars() until then
    lazy = {"compare", "report", "from_url"}
    assert exported - lazy == set(provcheck.__all__) - {"__version__", *lazy}
    assert all(getattr(provcheck, name) is not None for name in provcheck.__all__)
    assert callable(provcheck.compare) and callable(provcheck.normalize)


def test_exception_tree() -> None:
    assert issubclass(provcheck.MissingInputError, provcheck.InputError)
    assert issubclass(provcheck.InputError, provcheck.ProvcheckError)
    assert provcheck.UsageError.exit_code == 2
    assert provcheck.InputError.exit_code == 3


def test_every_exception_is_exported() -> None:
    import inspect

    from provcheck import errors

    defined = {
        name for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == errors.__name__
    }
    assert defined <= set(provcheck.__all__), sorted(defined - set(provcheck.__all__))
