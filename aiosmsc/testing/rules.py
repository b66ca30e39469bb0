"""Request validation rules of the emulated service: phones, ids, texts, parts, times."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable, Mapping

__all__ = [
    "MAX_TEXT",
    "PREFIXES",
    "APIFailure",
    "count_parts",
    "normalize_phone",
    "normalize_recipient",
    "only_selector",
    "parse_call_param",
    "parse_id",
    "parse_phones",
    "parse_recipients",
    "parse_send_time",
    "parse_spread",
    "split_comment",
    "split_prefix",
    "switched_on",
    "transliterate",
]

MAX_TEXT = 1000
"""Longest ``mes`` the service accepts (§13.3)."""

_MOSCOW_OFFSET = 3 * 3600
_PHONE_JUNK = re.compile(r"[\s\-()]")
_DIGITS = re.compile(r"[0-9]{10,15}")
_PLAIN_NUMBER = re.compile(r"\+?([0-9]{10,15})")
_SEPARATORS = re.compile(r"[,;]")
_STRING_ID = re.compile(r"[A-Za-z0-9._\-]{1,40}")
_INT_ID = re.compile(r"[0-9]{1,10}")
_COMMENT = re.compile(r"\r?\n~~~\r?\n|\r?\n~~~$")
_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
_TELEGRAM = re.compile(r"@?[A-Za-z][A-Za-z0-9_]{3,31}|#[0-9]{1,20}")

PREFIXES: dict[str, str] = {
    "__CALL__": "call",
    "__VIBER__": "viber",
    "__SOC__": "soc",
    "__PING__": "ping",
    "__HLR__": "hlr",
}
"""Text prefixes that select a channel instead of a flag (§4.11) -> the flag they stand for."""

_CALL_PARAM_RANGES = (range(0, 100), range(10, 3601), range(0, 10))

# GSM 03.38 basic alphabet; the extension table costs two septets per character.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")

_TRANSLIT = {
    **dict(zip("абвгдеёзийклмнопрстуфхцыэ", "abvgdeezijklmnoprstufhcye", strict=True)),
    **{"ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "'", "ь": "'", "ю": "yu", "я": "ya"},
}


class APIFailure(Exception):
    """An API-level error reply: HTTP 200 with an error envelope."""

    def __init__(self, code: int, text: str, id: str | None = None) -> None:
        super().__init__(code, text, id)
        self.code = code
        self.text = text
        self.id = id


def normalize_phone(raw: str) -> str | None:
    """Digits of a phone number (spaces, dashes, brackets, leading ``+`` removed), or None."""
    phone = _PHONE_JUNK.sub("", raw)
    if phone.startswith("+"):
        phone = phone[1:]
    return phone if _DIGITS.fullmatch(phone) else None


def parse_phones(raw: str) -> tuple[list[str], list[str]]:
    """Split a ``phones`` value on ``,``/``;``: (valid unique numbers, invalid entries)."""
    return parse_recipients(raw)


def normalize_recipient(raw: str, channel: str | None = None) -> str | None:
    """A recipient as the ledger keys it: a phone's digits, a lower-cased e-mail address
    (``mail``), a Telegram nickname or ``#ID`` (``tg``); None when it is not one."""
    entry = raw.strip()
    if channel == "mail":
        return entry.lower() if _EMAIL.fullmatch(entry) else None
    phone = normalize_phone(entry)
    if phone is None and channel == "tg" and _TELEGRAM.fullmatch(entry):
        return entry.lower()
    return phone


def parse_recipients(raw: str, channel: str | None = None) -> tuple[list[str], list[str]]:
    """Split ``phones`` on ``,``/``;`` for a channel: (valid unique recipients, invalid)."""
    if channel != "mail":
        plain = _PLAIN_NUMBER.fullmatch(raw)
        if plain is not None:  # one number as it should be: the common list= line
            return [plain.group(1)], []
    valid: list[str] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for entry in _SEPARATORS.split(raw):
        if not entry.strip():
            continue
        recipient = normalize_recipient(entry, channel)
        if recipient is None:
            invalid.append(entry.strip())
        elif recipient not in seen:
            seen.add(recipient)
            valid.append(recipient)
    return valid, invalid


def split_prefix(mes: str) -> tuple[str | None, str]:
    """(channel flag a text prefix selects, the text without it) — (None, mes) without."""
    if not mes.startswith("__"):
        return None, mes  # every prefix starts so
    for prefix, channel in PREFIXES.items():
        if mes.startswith(prefix):
            return channel, mes[len(prefix) :]
    return None, mes


def parse_call_param(raw: str) -> tuple[int, int, int]:
    """``param`` of a call, ``wait,interval,tries``; ``APIFailure(1)`` when malformed."""
    parts = raw.split(",")
    try:
        values = tuple(int(part) for part in parts)
    except ValueError:
        raise APIFailure(1, "parameters error") from None
    if len(values) != 3 or any(
        value not in allowed for value, allowed in zip(values, _CALL_PARAM_RANGES, strict=True)
    ):
        raise APIFailure(1, "parameters error")
    return values[0], values[1], values[2]


def parse_spread(period: str | None, freq: str | None) -> tuple[float, float] | None:
    """(period, freq) in seconds for a spread send, None without ``period``; ``freq``
    defaults to the whole period (one portion). ``APIFailure(1)`` when malformed."""
    if period is None or not period.strip():
        return None
    try:
        hours = float(period)
        minutes = float(freq) if freq is not None and freq.strip() else hours * 60
    except ValueError:
        raise APIFailure(1, "parameters error") from None
    if not 0 < hours <= 24 * 366 or minutes <= 0:
        raise APIFailure(1, "parameters error")
    return hours * 3600, minutes * 60


def switched_on(params: Mapping[str, str], selectors: Iterable[str]) -> list[str]:
    """The selectors (``get=1``, ``add_group=1``) that a request switches on, in the order
    of ``selectors``: a missing, empty or ``0`` value is off."""
    return [name for name in selectors if params.get(name, "").strip() not in ("", "0")]


def only_selector(params: Mapping[str, str], selectors: Iterable[str]) -> str:
    """The one selector a request switches on: ``APIFailure(1)`` for none or several."""
    chosen = switched_on(params, selectors)
    if len(chosen) != 1:
        raise APIFailure(1, "parameters error")
    return chosen[0]


def parse_id(raw: str | None) -> str | None:
    """A client message id, or None when absent (``""`` and ``0`` mean absent).

    Raises ``APIFailure(1)`` unless it is an integer 1..2147483647 or a string of up to
    40 Latin letters, digits, ``.``, ``-`` and ``_``.
    """
    if raw is None or raw in ("", "0"):
        return None
    if _INT_ID.fullmatch(raw) and 1 <= int(raw) <= 2_147_483_647:
        return raw
    if _STRING_ID.fullmatch(raw) and not raw.isdigit():
        return raw
    raise APIFailure(1, "parameters error")


def split_comment(mes: str) -> tuple[str, str]:
    """(text sent to the phone, comment kept for history): the part after a ``~~~`` line."""
    if "~~~" not in mes:
        return mes, ""
    match = _COMMENT.search(mes)
    if match is None:
        return mes, ""
    return mes[: match.start()], mes[match.end() :]


def transliterate(text: str) -> str:
    """Cyrillic to Latin, as ``translit=1`` does before counting parts."""
    out = []
    for char in text:
        lower = char.lower()
        latin = _TRANSLIT.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != lower else latin)
    return "".join(out)


# ASCII characters of the GSM basic alphabet (one septet each); the rest take the slow path.
_GSM_PLAIN_ASCII = re.compile(r"[A-Za-z0-9 \n\r!\"#$%&'()*+,\-./:;<=>?@_]*")


def count_parts(text: str) -> int:
    """SMS parts for ``text``: 160/153 GSM septets, otherwise 70/67 UCS-2 characters."""
    if _GSM_PLAIN_ASCII.fullmatch(text):  # the common case, one septet per character
        return 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    septets = 0
    for char in text:
        if char in _GSM_BASIC:
            septets += 1
        elif char in _GSM_EXTENDED:
            septets += 2
        else:
            length = len(text)
            return 1 if length <= 70 else math.ceil(length / 67)
    return 1 if septets <= 160 else math.ceil(septets / 153)


def parse_send_time(raw: str | None, now: float, tz: str | None = None) -> float:
    """Start time of a send for the ``time`` parameter; ``APIFailure(5)`` when malformed.

    Accepted: ``DDMMYYhhmm`` (Moscow time, shifted by ``tz`` hours), ``h1-h2`` (next moment
    inside the hour window), ``0<unix timestamp>`` and ``+<minutes>``. A time in the past
    means now.
    """
    if raw is None or raw.strip() in ("", "0"):
        return now
    value = raw.strip()
    bad = APIFailure(5, "wrong date format")
    if value.startswith("+"):
        if not value[1:].isdigit():
            raise bad
        return now + int(value[1:]) * 60
    window = re.fullmatch(r"([0-9]{1,2})-([0-9]{1,2})", value)
    if window:
        return _next_in_window(int(window[1]), int(window[2]), now, bad)
    if re.fullmatch(r"[0-9]{10}", value):
        day, month, year, hour, minute = (int(value[i : i + 2]) for i in range(0, 10, 2))
        try:
            offset_hours = int(tz) if tz not in (None, "") else 0
            stamp = calendar.timegm((2000 + year, month, day, hour, minute, 0, 0, 0, 0))
        except (TypeError, ValueError) as exc:
            raise bad from exc
        if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59):
            raise bad
        if day > calendar.monthrange(2000 + year, month)[1]:
            raise bad
        return max(now, float(stamp - _MOSCOW_OFFSET - offset_hours * 3600))
    if re.fullmatch(r"0[0-9]{1,11}", value):
        return max(now, float(int(value)))
    raise bad


def _next_in_window(start: int, end: int, now: float, bad: APIFailure) -> float:
    if not (0 <= start < end <= 24):
        raise bad
    local = now + _MOSCOW_OFFSET
    day_start = local - local % 86400
    hour = (local - day_start) / 3600
    if start <= hour < end:
        return now
    next_start = day_start + start * 3600
    if hour >= end:
        next_start += 86400
    return next_start - _MOSCOW_OFFSET
