"""tests/text_strategies.py draws from hypothesis' default text alphabet: the code points
that encode to UTF-8, i.e. all of them but the surrogates."""

from __future__ import annotations

import pytest
from hypothesis.strategies._internal.lazy import unwrap_strategies
from text_strategies import UTF8_CHARACTERS


def test_the_alphabet_is_every_code_point_but_the_surrogates() -> None:
    intervals = unwrap_strategies(UTF8_CHARACTERS).intervals  # type: ignore[attr-defined]
    assert tuple(intervals.intervals) == ((0, 0xD7FF), (0xE000, 0x10FFFF))


@pytest.mark.parametrize("code_point", [0, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF])
def test_the_code_points_at_its_edges_encode(code_point: int) -> None:
    chr(code_point).encode("utf-8")


@pytest.mark.parametrize("code_point", [0xD800, 0xDBFF, 0xDC00, 0xDFFF])
def test_the_surrogates_do_not_encode(code_point: int) -> None:
    with pytest.raises(UnicodeEncodeError):
        chr(code_point).encode("utf-8")
