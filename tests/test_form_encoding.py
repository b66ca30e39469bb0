"""Our form encoder writes exactly what urllib.parse.urlencode writes."""

from __future__ import annotations

import urllib.parse

from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import utf8_text

from aiosmsc.transport import encode_form


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(utf8_text(min_size=1, max_size=20), utf8_text(max_size=200), max_size=8))
def test_encode_form_matches_urlencode(form: dict[str, str]) -> None:
    expected = urllib.parse.urlencode(form, encoding="utf-8").encode("ascii")
    assert encode_form(form) == expected


def test_examples() -> None:
    form = {"mes": "Привет, мир! 1+1=2 & ~ok_", "list": "79990000001:a b\n79990000002:c"}
    assert encode_form(form) == urllib.parse.urlencode(form).encode()
    assert encode_form({}) == b""
