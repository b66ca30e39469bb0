"""Option families: unknown keywords fail as Python's own keyword check does."""

from __future__ import annotations

import pytest
from typing_extensions import TypedDict

from aiosmsc.operations.options import accept, option_names


class _Base(TypedDict, total=False):
    sender: str | None


class _Family(_Base, total=False):
    flash: bool


def test_a_family_includes_what_it_extends() -> None:
    assert option_names(_Family) == {"sender", "flash"}


def test_known_keywords_pass() -> None:
    accept({"sender": "x", "flash": True}, _Family, where="send()")


def test_an_unknown_keyword_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match=r"send_mms\(\) got an unexpected keyword argument 'flsh'"):
        accept({"flsh": True}, _Family, where="send_mms()")
