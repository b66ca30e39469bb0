"""The public surface: what ``aiosmsc`` exports, documented and typed."""

from __future__ import annotations

import inspect

import aiosmsc
import aiosmsc.testing


def test_all_names_exist_and_are_sorted_unique() -> None:
    for module in (aiosmsc, aiosmsc.testing):
        assert len(set(module.__all__)) == len(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name} missing"


def test_every_public_callable_has_a_docstring() -> None:
    for name in aiosmsc.__all__:
        obj = getattr(aiosmsc, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"aiosmsc.{name} has no docstring"
    for name, member in inspect.getmembers(aiosmsc.AsyncSMSC):
        if not name.startswith("_") and callable(member):
            assert inspect.getdoc(member), f"AsyncSMSC.{name} has no docstring"


def test_decode_is_the_function_not_a_module() -> None:
    assert inspect.isfunction(aiosmsc.decode)
    assert aiosmsc.decode("balance", "1.00", fmt=0).balance == 1


def test_package_is_typed() -> None:
    from importlib.resources import files

    assert files("aiosmsc").joinpath("py.typed").is_file()


def test_codes_and_callback_errors_have_their_new_homes() -> None:
    import aiosmsc.errors
    import aiosmsc.webhooks

    assert "DeliveryErrorCode" in aiosmsc.__all__
    assert "DeliveryError" not in aiosmsc.__all__  # a deprecated alias (test_deprecations)
    assert "CallbackError" in aiosmsc.__all__
    assert aiosmsc.CallbackError is aiosmsc.errors.CallbackError is aiosmsc.webhooks.CallbackError
    assert aiosmsc.webhooks.CallbackSignatureError is aiosmsc.errors.CallbackSignatureError
    assert issubclass(aiosmsc.errors.CallbackSignatureError, aiosmsc.CallbackError)
    assert issubclass(aiosmsc.CallbackError, aiosmsc.SMSCError)
    assert issubclass(aiosmsc.CallbackError, ValueError)


def test_every_exception_is_drawn_in_the_errors_tree() -> None:
    import aiosmsc.errors

    tree = aiosmsc.errors.__doc__ or ""
    for name in aiosmsc.errors.__all__:
        obj = getattr(aiosmsc.errors, name)
        if inspect.isclass(obj) and issubclass(obj, aiosmsc.SMSCError):
            assert name in tree, f"{name} is missing from the tree in aiosmsc/errors.py"


def test_errors_are_value_errors_where_input_is_bad() -> None:
    assert issubclass(aiosmsc.ValidationError, ValueError)
    assert issubclass(aiosmsc.ConfigurationError, ValueError)
    assert issubclass(aiosmsc.APIError, aiosmsc.SMSCError)
    assert not aiosmsc.ConnectError.possibly_delivered
    assert aiosmsc.ReadTimeout.possibly_delivered
