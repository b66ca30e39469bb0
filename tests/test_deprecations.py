"""Renamed public names keep working for a while, with a DeprecationWarning."""

from __future__ import annotations

import pickle
import types
import warnings

import pytest

import aiosmsc
import aiosmsc.models
import aiosmsc.models.codes
from aiosmsc import DeliveryErrorCode

MODULES = [aiosmsc, aiosmsc.models, aiosmsc.models.codes]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_delivery_error_is_a_deprecated_alias_of_delivery_error_code(
    module: types.ModuleType,
) -> None:
    with pytest.warns(DeprecationWarning, match=r"DeliveryError is deprecated.*DeliveryErrorCode"):
        alias = module.DeliveryError
    assert alias is DeliveryErrorCode
    assert "DeliveryError" not in module.__all__
    assert "DeliveryErrorCode" in module.__all__


def test_the_warning_points_at_the_line_that_used_the_old_name() -> None:
    with pytest.warns(DeprecationWarning) as caught:
        from aiosmsc import DeliveryError
    assert DeliveryError.OFFLINE is DeliveryErrorCode.OFFLINE
    assert {record.filename for record in caught} == {__file__}


def test_other_missing_names_are_still_attribute_errors_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for module in MODULES:
            with pytest.raises(AttributeError, match="no attribute 'NoSuchName'"):
                _ = module.NoSuchName
            assert not hasattr(module, "DeliveryErrorCodes")


def test_pickles_made_under_the_old_name_still_load() -> None:
    # A bulk report saved before the rename names the class DeliveryError.
    old = pickle.dumps(DeliveryErrorCode.OFFLINE, protocol=0).replace(
        b"\nDeliveryErrorCode\n", b"\nDeliveryError\n"
    )
    assert b"DeliveryErrorCode" not in old
    with pytest.warns(DeprecationWarning):
        assert pickle.loads(old) is DeliveryErrorCode.OFFLINE
