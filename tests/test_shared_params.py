"""One rule each for days (``date_param``) and for ``params=`` (``extra_params``), used by
every operation, and the field tables builders write their options with."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import pathlib
from decimal import Decimal

import pytest
from typing_extensions import TypedDict

import aiosmsc
from aiosmsc.errors import ValidationError
from aiosmsc.models.base import MOSCOW
from aiosmsc.operations.contacts import ListContacts
from aiosmsc.operations.extra_params import extra_params
from aiosmsc.operations.fields import FieldTable, switch
from aiosmsc.operations.jobs import ListJobs
from aiosmsc.operations.params import Period, date_param, text_param
from aiosmsc.operations.raw_request import RawRequest
from aiosmsc.operations.stats import GetStats
from aiosmsc.operations.templates import AddTemplate

PACKAGE = pathlib.Path(aiosmsc.__file__).parent


@functools.cache
def package_sources() -> dict[str, str]:
    """The text of each module of the package, the emulator left out, by path."""
    return {
        path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if "testing" not in path.parts
    }


@pytest.mark.parametrize("name", ["date_param", "extra_params", "wire_value", "date_range"])
def test_each_rule_is_defined_once_in_the_package(name: str) -> None:
    homes = [
        path
        for path, text in package_sources().items()
        if name in text  # a module that never names it cannot define it: not parsed
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef) and node.name == name
    ]
    assert len(homes) == 1, homes


# Days


@pytest.mark.parametrize("text", [False, True])
def test_a_day_is_written_dd_mm_yyyy_and_an_aware_datetime_in_moscow_time(text: bool) -> None:
    late_evening_utc = dt.datetime(2024, 1, 31, 22, 30, tzinfo=dt.timezone.utc)
    assert date_param(dt.date(2024, 1, 5), name="start", text=text) == "05.01.2024"
    assert date_param(late_evening_utc, name="end", text=text) == "01.02.2024"
    assert date_param(dt.datetime(2024, 1, 31, 23, 59, tzinfo=MOSCOW), name="end") == "31.01.2024"


@pytest.mark.parametrize("text", [False, True])
def test_a_naive_datetime_is_refused_by_every_caller(text: bool) -> None:
    with pytest.raises(ValidationError, match="start must be a date or a timezone-aware"):
        date_param(dt.datetime(2024, 1, 1, 12, 0), name="start", text=text)


def test_text_is_taken_only_where_the_argument_offers_it() -> None:
    assert date_param(" 1.2.2024 ", name="start", text=True) == "01.02.2024"
    with pytest.raises(ValidationError, match="bd must be a date or a timezone-aware datetime"):
        date_param("01.02.2024", name="bd")  # type: ignore[arg-type]
    for bad in ("31.02.2024", "2024-01-01", ""):
        with pytest.raises(ValidationError, match="start"):
            date_param(bad, name="start", text=True)
    with pytest.raises(ValidationError, match="start"):
        date_param(20240101, name="start", text=True)  # type: ignore[arg-type]


def test_jobs_and_reports_read_days_alike() -> None:
    aware = dt.datetime(2024, 1, 31, 22, 30, tzinfo=dt.timezone.utc)
    assert ListJobs.build(end=aware).params()["end"] == GetStats.build(end=aware).params()["end"]
    naive = dt.datetime(2024, 1, 31, 22, 30)
    for build in (ListJobs.build, GetStats.build):
        with pytest.raises(ValidationError, match="end"):
            build(end=naive)


# params=


@pytest.mark.parametrize("name", ["login", "LOGIN", "Psw", "apikey", "fmt", "Charset"])
def test_the_client_s_own_parameters_are_refused_in_any_case(name: str) -> None:
    with pytest.raises(ValidationError, match=f"params may not set '{name}': the client sets it"):
        extra_params({name: "x"})
    for build in (
        lambda: ListContacts.build(params={name: "x"}),
        lambda: AddTemplate.build("t", "text", params={name: "x"}),
        lambda: RawRequest.build("senders", {name: "x"}),
    ):
        with pytest.raises(ValidationError, match=repr(name)):
            build()


def test_a_parameter_with_its_own_argument_is_refused() -> None:
    with pytest.raises(ValidationError, match="'search': it has its own argument"):
        extra_params({"search": "x"}, typed={"search", "grp"})
    with pytest.raises(ValidationError, match="'search'"):
        ListContacts.build(params={"search": "x"})


@pytest.mark.parametrize("key", ["", "  ", 5])
def test_a_parameter_name_must_be_a_non_empty_string(key: object) -> None:
    with pytest.raises(ValidationError, match="parameter names must be non-empty strings"):
        extra_params({key: "x"})  # type: ignore[dict-item]


@pytest.mark.parametrize("value", [True, None, 1.5, ["a"], dt.date(2024, 1, 1)])
def test_typed_params_take_strings_and_integers_only(value: object) -> None:
    with pytest.raises(
        ValidationError, match=r"params\['fl\[1\]'\] must be a string or an integer"
    ):
        extra_params({"fl[1]": value})
    assert extra_params({"a": "x", "b": 7}) == {"a": "x", "b": "7"}


def test_any_value_params_are_written_in_wire_form() -> None:
    given = {
        "on": True,
        "off": False,
        "gone": None,
        "sum": Decimal("1.50"),
        "day": dt.date(2024, 2, 1),
        "ids": [1, "2", None],
    }
    assert extra_params(given, any_value=True) == {
        "on": "1",
        "off": "0",
        "sum": "1.50",
        "day": "01.02.2024",
        "ids": "1,2",
    }
    with pytest.raises(ValidationError, match="when"):
        extra_params({"when": dt.datetime(2024, 1, 1, tzinfo=MOSCOW)}, any_value=True)


# Field tables


class _Options(Period, total=False):
    title: str | None
    loud: bool
    params: dict[str, str | int] | None


_TABLE = FieldTable(
    _Options,
    {"title": text_param, "loud": switch},
    wire_names={"title": "ttl"},
    reserved={"get"},
)


def test_a_table_writes_the_period_then_the_given_fields_then_params() -> None:
    wire = _TABLE.write(
        {"title": "Hi", "loud": False, "start": dt.date(2024, 1, 2), "params": {"x": 1}}
    )
    assert list(wire.items()) == [("start", "02.01.2024"), ("ttl", "Hi"), ("x", "1")]
    assert _TABLE.write({"loud": True, "title": None}) == {"loud": "1"}


@pytest.mark.parametrize("name", ["get", "title", "ttl", "loud", "start", "end"])
def test_params_may_not_set_what_the_table_writes(name: str) -> None:
    with pytest.raises(ValidationError, match=f"params may not set '{name}'"):
        _TABLE.write({"params": {name: "1"}})


def test_the_checks_of_a_table_name_the_option() -> None:
    with pytest.raises(ValidationError, match="loud must be True or False"):
        _TABLE.write({"loud": "yes"})
    with pytest.raises(ValidationError, match=r"end .* is before start"):
        _TABLE.write({"start": dt.date(2024, 2, 1), "end": dt.date(2024, 1, 1)})


def test_a_table_may_only_name_options_its_family_declares() -> None:
    class _Small(TypedDict, total=False):
        title: str | None

    with pytest.raises(TypeError, match=r"_Small declares no \['titel'\]"):
        FieldTable(_Small, {"titel": text_param})
