"""Validation rules: phones, ids, parts, comments, scheduled times, clocks, windows."""

from __future__ import annotations

import calendar

import pytest

from aiosmsc.testing import ManualClock, SystemClock
from aiosmsc.testing.limits import SlidingWindow
from aiosmsc.testing.rules import (
    APIFailure,
    count_parts,
    normalize_phone,
    parse_id,
    parse_phones,
    parse_send_time,
    split_comment,
    transliterate,
)

NOW = 1_700_000_000.0  # 14.11.2023 22:13:20 UTC = 15.11.2023 01:13:20 Moscow


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("{" * 80, 1),  # extension characters take two septets
        ("{" * 81, 2),
        ("я" * 70, 1),
        ("я" * 71, 2),
        ("я" * 134, 2),
        ("я" * 135, 3),
        ("a" * 100 + "я", 2),
    ],
)
def test_count_parts(text: str, parts: int) -> None:
    assert count_parts(text) == parts


def test_transliterate() -> None:
    assert transliterate("Привет, Щука!") == "Privet, Schuka!"
    assert count_parts(transliterate("я" * 100)) == 2


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("+7 (999) 000-00-01", "79990000001"),
        ("79990000001", "79990000001"),
        ("123456789", None),
        ("1234567890123456", None),
        ("7999abc0001", None),
        ("", None),
    ],
)
def test_normalize_phone(raw: str, phone: str | None) -> None:
    assert normalize_phone(raw) == phone


def test_parse_phones_splits_dedupes_and_reports_invalid() -> None:
    valid, invalid = parse_phones("+79990000001; 79990000002,79990000001,bad,,")
    assert valid == ["79990000001", "79990000002"]
    assert invalid == ["bad"]


@pytest.mark.parametrize("raw", ["1", "2147483647", "order-1.a_b", "x" * 40, "007"])
def test_parse_id_accepts(raw: str) -> None:
    assert parse_id(raw) == raw


@pytest.mark.parametrize("raw", [None, "", "0"])
def test_parse_id_absent(raw: str | None) -> None:
    assert parse_id(raw) is None


@pytest.mark.parametrize("raw", ["2147483648", "x" * 41, "bad id", "id!", "a:b"])
def test_parse_id_rejects(raw: str) -> None:
    with pytest.raises(APIFailure) as caught:
        parse_id(raw)
    assert caught.value.code == 1


def test_split_comment() -> None:
    assert split_comment("Hello\n~~~\nfor accounting") == ("Hello", "for accounting")
    assert split_comment("Hello ~~~ inline") == ("Hello ~~~ inline", "")


def _moscow(year: int, month: int, day: int, hour: int, minute: int) -> float:
    return float(calendar.timegm((year, month, day, hour, minute, 0, 0, 0, 0)) - 3 * 3600)


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        (None, None, NOW),
        ("", None, NOW),
        ("+30", None, NOW + 1800),
        ("01800000000", None, 1_800_000_000.0),
        ("01000000000", None, NOW),  # in the past: now
        ("0112251230", None, _moscow(2025, 12, 1, 12, 30)),
        ("0112251230", "2", _moscow(2025, 12, 1, 10, 30)),
        ("1-23", None, NOW),  # 01:13 Moscow is inside the window
        ("9-18", None, _moscow(2023, 11, 15, 9, 0)),
        ("0-1", None, _moscow(2023, 11, 16, 0, 0)),
    ],
)
def test_parse_send_time(raw: str | None, tz: str | None, expected: float) -> None:
    assert parse_send_time(raw, NOW, tz) == expected


@pytest.mark.parametrize(
    "raw", ["tomorrow", "+x", "3202251230", "3102251230", "2-1", "9-25", "12345", "01.12.25"]
)
def test_parse_send_time_rejects(raw: str) -> None:
    with pytest.raises(APIFailure) as caught:
        parse_send_time(raw, NOW)
    assert caught.value.code == 5


def test_manual_clock() -> None:
    clock = ManualClock(start=10.0)
    assert clock.now() == 10.0
    assert clock.advance(2.5) == 12.5
    clock.set(20.0)
    assert clock.now() == 20.0
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(1.0)
    assert SystemClock().now() > 1_600_000_000


def test_sliding_window() -> None:
    window = SlidingWindow(60)
    assert all(window.hit("k", 100.0 + i, 3) for i in range(3))
    assert not window.hit("k", 103.0, 3)
    assert window.count("k", 103.0) == 3
    assert window.hit("k", 160.5, 3)  # the first event left the window
    assert window.count("other", 0.0) == 0
    window.record("old", 0.0)
    window.record("new", 500.0)  # sweeps stale keys
    assert window.count("old", 500.0) == 0
