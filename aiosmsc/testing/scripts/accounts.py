"""Emulated account scripts: users.php (sub-clients, paid from ``emu.balance``) and
documents.php (invoices; downloads are small generated PDF files).

Reply shapes are not documented (REFERENCE §10); see :mod:`.data_render` for the ones
chosen. Creating a sub-client answers its ``id``; ``pay`` answers the main balance left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..handlers import Handler
from ..rules import APIFailure, switched_on
from .data_render import (
    Fields,
    bad_request,
    date_text,
    int_value,
    money,
    moscow_day,
    parse_amount,
    parse_day,
    render_ok,
    render_record,
    render_rows,
)

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "DocumentsState", "EmulatedInvoice", "Subclient", "SubclientsState"]

# users.php settings kept as given (everything else is accepted and ignored).
_SETTINGS = ("email", "phone", "fio", "tariff", "curr", "tz", "sender", "notes")
_MAIN_BALANCE_TYPES = frozenset({2, 3, 4})


@dataclass(slots=True)
class Subclient:
    """One sub-client account."""

    id: int
    user: str
    password: str
    type: int
    balance: Decimal = Decimal("0.00")
    settings: dict[str, str] = field(default_factory=dict)
    payments: list[tuple[float, Decimal]] = field(default_factory=list)


class SubclientsState:
    """Sub-clients by login; ids count from 1001."""

    def __init__(self) -> None:
        self.users: dict[str, Subclient] = {}
        self._last_id = 1000

    def by_id(self, id: str) -> Subclient | None:
        return next((user for user in self.users.values() if str(user.id) == id), None)


def _subclient(state: SubclientsState, params: Mapping[str, str]) -> Subclient:
    user = params.get("user", "").strip()
    found = state.users.get(user) if user else state.by_id(params.get("user_id", "").strip())
    if found is None:
        raise bad_request()
    return found


def _type(params: Mapping[str, str], default: int | None) -> int | None:
    value = int_value(params, "type", default, 0)
    if value is not None and value > 4:
        raise bad_request()
    return value


def _add(emu: EmulatorState, state: SubclientsState, params: Mapping[str, str], fmt: int) -> str:
    user = params.get("user", "").strip()
    password = params.get("pswc") or params.get("password") or ""
    if not user or not password:
        raise bad_request()
    if user in state.users:
        raise APIFailure(1, "login already exists")
    state._last_id += 1
    created = Subclient(state._last_id, user, password, _type(params, 0) or 0)
    created.settings = {key: params[key] for key in _SETTINGS if key in params}
    state.users[user] = created
    return render_ok(fmt, [("id", created.id)], fmt1_lead=False)


def _change(emu: EmulatorState, state: SubclientsState, params: Mapping[str, str], fmt: int) -> str:
    found = _subclient(state, params)
    new_login = params.get("new_login", "").strip()
    if new_login and new_login != found.user:
        if new_login in state.users:
            raise APIFailure(1, "login already exists")
        del state.users[found.user]
        found.user = new_login
        state.users[new_login] = found
    password = params.get("pswc") or params.get("password")
    if password:
        found.password = password
    kind = _type(params, None)
    if kind is not None:
        found.type = kind
    found.settings.update({key: params[key] for key in _SETTINGS if key in params})
    return render_ok(fmt)


def _pay(emu: EmulatorState, state: SubclientsState, params: Mapping[str, str], fmt: int) -> str:
    found = _subclient(state, params)
    amount = parse_amount(params.get("sum"))
    if amount > emu.balance + emu.credit:
        raise APIFailure(3, "no money")
    emu.balance -= amount
    found.balance += amount
    found.payments.append((emu.clock.now(), amount))
    return render_ok(fmt, [("balance", money(emu.balance))])


def _stats_row(found: Subclient, params: Mapping[str, str]) -> Fields:
    start, end = parse_day(params.get("start")), parse_day(params.get("end"))
    paid = sum(
        (
            amount
            for at, amount in found.payments
            if (start is None or moscow_day(at) >= start) and (end is None or moscow_day(at) <= end)
        ),
        Decimal(0),
    )
    return [
        ("user", found.user),
        ("id", found.id),
        ("type", found.type),
        ("balance", money(found.balance)),
        ("paid", money(paid)),
        ("cnt", 0),
        ("cost", money(Decimal(0))),
    ]


def _stats(emu: EmulatorState, state: SubclientsState, params: Mapping[str, str], fmt: int) -> str:
    return render_rows([_stats_row(_subclient(state, params), params)], fmt, item_tag="user")


def _stats_all(
    emu: EmulatorState, state: SubclientsState, params: Mapping[str, str], fmt: int
) -> str:
    reseller = params.get("reseller", "").strip()
    if reseller not in ("", "0", "1"):
        raise bad_request()
    rows = [
        _stats_row(user, params)
        for user in state.users.values()
        if reseller == "" or (user.type in _MAIN_BALANCE_TYPES) == (reseller == "0")
    ]
    return render_rows(rows, fmt, item_tag="user")


_USER_ACTIONS = {
    "add": _add,
    "chg": _change,
    "pay": _pay,
    "get_stat": _stats,
    "get_stat_all": _stats_all,
}


def handle_users(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised users.php request."""
    state = emu.state(SubclientsState)
    chosen = switched_on(params, _USER_ACTIONS)
    if not chosen:
        raise bad_request()
    return _USER_ACTIONS[chosen[0]](emu, state, params, fmt)


@dataclass(frozen=True, slots=True)
class EmulatedInvoice:
    """An invoice made out by documents.php."""

    id: int
    num: str
    sum: Decimal
    service: str
    created_at: float
    user: str


class DocumentsState:
    """Invoices by id, counting from 1."""

    def __init__(self) -> None:
        self.invoices: dict[int, EmulatedInvoice] = {}


def pdf_document(title: str, lines: list[str]) -> str:
    """A tiny one-page PDF (ASCII only) showing ``title`` and ``lines``."""
    text = " ".join(f"({line}) Tj T*" for line in [title, *lines])
    stream = f"BT /F1 12 Tf 14 TL 72 770 Td {text} ET"
    return "\n".join(
        [
            "%PDF-1.4",
            "% aiosmsc emulator",
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
            "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
            "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            " /Contents 4 0 R >> endobj",
            f"4 0 obj << /Length {len(stream)} >> stream",
            stream,
            "endstream endobj",
            "trailer << /Root 1 0 R >>",
            "%%EOF",
            "",
        ]
    )


def _find_invoice(state: DocumentsState, params: Mapping[str, str]) -> EmulatedInvoice:
    id, num = params.get("id", "").strip(), params.get("num", "").strip()
    for invoice in state.invoices.values():
        if (id and str(invoice.id) == id) or (num and invoice.num == num):
            return invoice
    raise bad_request()


def handle_documents(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised documents.php request."""
    state = emu.state(DocumentsState)
    if switched_on(params, ["add_account"]):
        amount = parse_amount(params.get("sum"))
        number = len(state.invoices) + 1
        now = emu.clock.now()
        invoice = EmulatedInvoice(
            id=number,
            num=f"INV-{number:05d}",
            sum=amount,
            service=params.get("service", ""),
            created_at=now,
            user=params.get("user", "") or params.get("user_id", ""),
        )
        state.invoices[number] = invoice
        fields: Fields = [
            ("id", invoice.id),
            ("num", invoice.num),
            ("sum", money(invoice.sum)),
            ("date", date_text(now)[:10]),
        ]
        return render_record(fields, fmt)
    for selector, title in (("get_account", "Invoice"), ("get_act", "Act")):
        if switched_on(params, [selector]):
            invoice = _find_invoice(state, params)
            return pdf_document(
                f"{title} {invoice.num}",
                [f"Date: {date_text(invoice.created_at)[:10]}", f"Sum: {money(invoice.sum)}"],
            )
    raise bad_request()


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"users": handle_users, "documents": handle_documents}
