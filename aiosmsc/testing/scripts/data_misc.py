"""Emulated small data scripts: info.php (operator of a number or of a comma list of
numbers; error 3 for a number the directory has no country for), tinyurls.php (short-link
clicks), receive_phones.php (dedicated inbound numbers, paid from ``emu.balance``),
wait_call.php (number to call for a confirmation) and ping.php (event notifications)."""

from __future__ import annotations

import calendar
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ..directory import lookup
from ..handlers import Handler
from ..rules import APIFailure, normalize_phone
from .data_render import (
    Fields,
    bad_request,
    money,
    moscow_day,
    render_ok,
    render_record,
    render_rows,
)
from .limits import count_identical, count_request

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = [
    "MISC_HANDLERS",
    "EventsState",
    "ReceivePhonesState",
    "ShortLink",
    "ShortLinksState",
    "WaitCallState",
]

# Hours from GMT of the regions the directory gives out.
_ZONES = {
    "Moscow": 3,
    "Saint Petersburg": 3,
    "Novosibirsk": 7,
    "Kazan": 3,
    "Almaty": 5,
    "Minsk": 3,
    "Kyiv": 2,
    "Tashkent": 5,
    "Dushanbe": 5,
    "London": 0,
    "Berlin": 1,
    "New York": -5,
}
# The directory's answer for a number it has no country for.
_UNKNOWN_MCC = "000"
_URL = re.compile(r"https?://[^\s,]+")


def _phone(params: Mapping[str, str], name: str = "phone") -> str:
    phone = normalize_phone(params.get(name, ""))
    if phone is None:
        raise bad_request()
    return phone


def _operator(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """info.php: one record, or for a comma list one row per number the directory knows
    (with its ``phone``; fmt=1 ``phone,country,...``). Error 3 "operator not found" when
    it knows none. fmt=1 puts ``country`` first, as the clients that read it do."""
    if params.get("get_operator", "").strip() in ("", "0"):
        raise bad_request()
    count_identical(emu, "info", params, 3)
    count_request(emu, ("info", "get_operator"), 100)
    raw = [item for item in params.get("phone", "").split(",") if item.strip()]
    phones = [_phone({"phone": item}) for item in raw] or [_phone(params)]
    rows: list[Fields] = []
    for phone in phones:
        who = lookup(phone)
        if who.mcc == _UNKNOWN_MCC:
            continue
        rows.append(
            [
                ("phone", phone),
                ("country", who.country),
                ("operator", who.operator),
                ("region", who.region),
                ("mcc", who.mcc),
                ("mnc", who.mnc),
                ("tz", _ZONES.get(who.region, 3)),
            ]
        )
    if not rows:
        raise APIFailure(3, "operator not found")
    if len(raw) > 1:
        return render_rows(rows, fmt, item_tag="operator")
    return render_record(rows[0][1:], fmt)


@dataclass(slots=True)
class ShortLink:
    """A short link and the unix times it was clicked."""

    id: str
    link: str
    clicks: list[float] = field(default_factory=list)


class ShortLinksState:
    """Short links by id and by full link. Links found in sent texts are added on use."""

    def __init__(self) -> None:
        self.links: dict[str, ShortLink] = {}
        self._by_link: dict[str, ShortLink] = {}
        self._scanned = 0

    def add(self, link: str, id: str | None = None) -> ShortLink:
        """Register ``link`` (once); its id is ``id`` or made from the link."""
        found = self._by_link.get(link)
        if found is not None:
            return found
        short = ShortLink(id or format(zlib.crc32(link.encode()), "x"), link)
        self.links[short.id] = short
        self._by_link[link] = short
        return short

    def click(self, id_or_link: str, at: float) -> None:
        """Record a click at unix time ``at``."""
        short = self.links.get(id_or_link) or self._by_link[id_or_link]
        short.clicks.append(at)

    def find(self, emu: EmulatorState, *, link: str | None, id: str | None) -> ShortLink | None:
        for message in emu.ledger.messages[self._scanned :]:
            for url in _URL.findall(message.text):
                self.add(url)
        self._scanned = len(emu.ledger.messages)
        if link is not None:
            return self._by_link.get(link)
        return self.links.get(id or "")


def _short_link(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    if params.get("get", "").strip() in ("", "0"):
        raise bad_request()
    link, id = params.get("link", "").strip(), params.get("id", "").strip()
    if not link and not id:
        raise bad_request()
    short = emu.state(ShortLinksState).find(emu, link=link or None, id=id or None)
    if short is None:
        raise APIFailure(3, "link not found")
    now = emu.clock.now()
    today = moscow_day(now)
    days = [moscow_day(at) for at in short.clicks if at <= now]
    fields: Fields = [
        ("id", short.id),
        ("cnt", len(days)),
        ("cnt_mon", sum(1 for d in days if (d.year, d.month) == (today.year, today.month))),
        ("cnt_day", sum(1 for d in days if d == today)),
        ("cnt_yes", sum(1 for d in days if (today - d).days == 1)),
        ("link", short.link),
    ]
    return render_record(fields, fmt)


class ReceivePhonesState:
    """Dedicated numbers on offer (number -> monthly price) and the ones connected
    (number -> ``noprolong``)."""

    def __init__(self) -> None:
        self.offered: dict[str, Decimal] = {f"7901000000{n}": Decimal("90.00") for n in range(1, 6)}
        self.owned: dict[str, bool] = {}


def _prorated(monthly: Decimal, now: float) -> Decimal:
    today = moscow_day(now)
    days = calendar.monthrange(today.year, today.month)[1]
    left = days - today.day + 1
    return (monthly * left / days).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _receive_phones(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    state = emu.state(ReceivePhonesState)
    if params.get("gets", "").strip() not in ("", "0"):
        rows: list[Fields] = [
            [
                ("phone", phone),
                ("cost", money(price)),
                ("active", int(phone in state.owned)),
                ("noprolong", int(state.owned.get(phone, False))),
            ]
            for phone, price in state.offered.items()
        ]
        return render_rows(rows, fmt, item_tag="phone")
    phone = _phone(params)
    if params.get("buy", "").strip() not in ("", "0"):
        if phone not in state.offered or phone in state.owned:
            raise bad_request()
        cost = _prorated(state.offered[phone], emu.clock.now())
        if cost > emu.balance + emu.credit:
            raise APIFailure(3, "no money")
        emu.balance -= cost
        state.owned[phone] = False
        return render_ok(fmt, [("cost", money(cost)), ("balance", money(emu.balance))])
    if params.get("chg", "").strip() not in ("", "0"):
        flag = params.get("noprolong", "0").strip() or "0"
        if phone not in state.owned or flag not in ("0", "1"):
            raise bad_request()
        state.owned[phone] = flag == "1"
        return render_ok(fmt)
    raise bad_request()


class WaitCallState:
    """Phones waiting to be confirmed: user phone -> (number to call, unix time)."""

    numbers = ("74950000001", "74950000002", "74950000003")

    def __init__(self) -> None:
        self.pending: dict[str, tuple[str, float]] = {}


def _wait_call(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    phone = _phone(params)
    state = emu.state(WaitCallState)
    number = state.numbers[zlib.crc32(phone.encode()) % len(state.numbers)]
    state.pending[phone] = (number, emu.clock.now())
    return render_record([("phone", number)], fmt)


@dataclass(frozen=True, slots=True)
class Event:
    """One ping.php notification as received."""

    id: str
    ok: int | None
    name: str
    host: str
    info: str
    at: float


class EventsState:
    """Every ping.php notification, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []


def _ping(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    id = params.get("id", "").strip()
    ok = params.get("ok", "").strip()
    if not id or ok not in ("", "0", "1"):
        raise bad_request()
    emu.state(EventsState).events.append(
        Event(
            id=id,
            ok=int(ok) if ok else None,
            name=params.get("name", ""),
            host=params.get("host", ""),
            info=params.get("info", ""),
            at=emu.clock.now(),
        )
    )
    return render_ok(fmt)


#: Script name (without ``.php``) -> handler, merged into the data area's ``HANDLERS``.
MISC_HANDLERS: dict[str, Handler] = {
    "info": _operator,
    "tinyurls": _short_link,
    "receive_phones": _receive_phones,
    "wait_call": _wait_call,
    "ping": _ping,
}
