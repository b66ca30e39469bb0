"""``status.php``: the status of one or many messages (:class:`Status`), and deleting a
message (:class:`Delete`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, record_rows
from ..errors import ValidationError
from ..models.codes import MessageStatus
from ..models.status import StatusReport
from ..quotas import Quota
from .base import Operation, Reply
from .params import flag, phone_key, phone_list, read_flag, read_list, two_items, validate_id

__all__ = ["Delete", "Status", "status_layouts"]

_BASE = ("status", "last_timestamp", "err")
_HLR = ("imsi", "msc", "mcc", "mnc", "cn", "net", "rcn", "rnet")
_GEO = ("country", "operator", "region")
_FULL = ("send_timestamp", "phone", "cost", "sender_id", "status_name", "message")
# A reply recorded from the live service (all=1) has one more field after the message,
# `0`; read as the message type (fmt=0 ends with ``type``). Not a number: no such field.
_TRAILING = ("type",)
_NUMERIC = frozenset({"status", "last_timestamp", "err", "send_timestamp", "cost", "type"})


def status_layouts(all_: int, ids: Sequence[str] = ()) -> tuple[Layout, ...]:
    """Candidate fmt=1 layouts of a status line, most specific first.

    The order is the official library's: status, last_timestamp, err, the HLR fields
    (HLR requests only), country/operator/region (``all=2``), then for ``all>=1``
    send_timestamp, phone, cost, sender, status_name, message (which may contain commas)
    and, as a reply recorded from the live service shows, a trailing numeric field (read
    as ``type``): the line is split from both ends. Multi-message replies add the id (and, for
    ``all=0``, the phone) to each line; where is not documented, so both ends are tried
    and a layout fits only if its id column holds one of the requested ``ids``.
    """
    geo = _GEO if all_ == 2 else ()
    cores: list[tuple[tuple[str, ...], bool]] = []  # (columns, is_hlr)
    if all_ >= 1:
        # HLR layouts only fit rows whose sender is "HLR", so they are safe to try first.
        for hlr in (_HLR, ()):
            for tail in (_TRAILING, ()):
                cores.append(((*_BASE, *hlr, *geo, *_FULL, *tail), bool(hlr)))
    else:
        cores = [((*_BASE, *_HLR), True), (_BASE, False)]
    extras: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    if ids:
        keys = [("id", "phone"), ("phone", "id"), ("id",)] if all_ == 0 else [("id",)]
        extras = [(key, ()) for key in keys] + [((), key) for key in keys]
    extras.append(((), ()))
    expect = {"id": frozenset(ids)} if ids else {}
    layouts = []
    for prefix, suffix in extras:
        for columns, is_hlr in cores:
            wanted = dict(expect) if (prefix or suffix) else {}
            if is_hlr and all_ >= 1:
                wanted["sender_id"] = frozenset({"HLR"})
            layouts.append(
                Layout(
                    (*prefix, *columns, *suffix),
                    greedy="message" if all_ >= 1 else None,
                    numeric=_NUMERIC,
                    expect=wanted,
                    short_ok=not is_hlr and not prefix and not suffix and all_ == 0,
                )
            )
    return tuple(layouts)


def _pairs(
    target: str | Iterable[tuple[str, str | int]], id: str | int | None
) -> tuple[tuple[tuple[str, str], ...], bool]:
    if isinstance(target, str):
        if id is None:
            raise ValidationError("status of one message needs both phone and id")
        (phone,) = phone_list([target], name="phone")
        return ((phone, validate_id(id)),), False
    if id is not None:
        raise ValidationError("give id only with a single phone, not with a list of pairs")
    pairs = []
    for pair in target:
        phone, message_id = two_items(pair, name="status")
        (single,) = phone_list([phone], name="phone")
        pairs.append((single, validate_id(message_id)))
    if not pairs:
        raise ValidationError("status needs at least one (phone, id) pair")
    return tuple(pairs), True


@attrs.frozen(slots=True)
class Status(Operation["StatusReport | list[StatusReport]"]):
    """The status of one message, or of several in one request (results in request order)."""

    name = "status"
    script = "status"

    pairs: tuple[tuple[str, str], ...]
    multi: bool
    all: int = 0
    bot: bool = False

    @classmethod
    def build(
        cls,
        target: str | Iterable[tuple[str, str | int]],
        id: str | int | None = None,
        *,
        all: int = 0,
        bot: bool = False,
    ) -> Status:
        """One ``(phone, id)`` or a sequence of pairs; ``all`` is 0, 1 or 2; ``bot``
        asks for messages sent to the Telegram chat-bot (``bot=1``)."""
        pairs, multi = _pairs(target, id)
        all_ = int(flag(all, name="all", allowed=(0, 1, 2)))
        return cls(pairs, multi, all_, flag(bot, name="bot", allowed=(0, 1)) == "1")

    def quotas(self) -> Sequence[Quota]:
        if self.multi:
            return (Quota("status:multi", 1),)
        phone, message_id = self.pairs[0]
        return (Quota(("status", phone_key(phone), message_id), 5),)

    def params(self) -> dict[str, str]:
        phones = ",".join(phone for phone, _ in self.pairs)
        ids = ",".join(message_id for _, message_id in self.pairs)
        if self.multi and len(self.pairs) == 1:
            phones, ids = phones + ",", ids + ","  # a trailing comma keeps the multi format
        wire = {"phone": phones, "id": ids}
        if self.all:
            wire["all"] = str(self.all)
        if self.bot:
            wire["bot"] = "1"
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[StatusReport | list[StatusReport]]:
        ids = read_list(params, "id")
        phones = read_list(params, "phone")
        multi = len(ids) > 1 or (bool(ids) and ids[-1] == "") or bool(params.get("multi"))
        ids = [value for value in ids if value]
        phones = [value for value in phones if value]
        pairs = (
            list(zip(phones, ids, strict=True))
            if len(phones) == len(ids)
            else [("", i) for i in ids]
        )
        all_ = read_flag(params, "all")

        def build(document: Document) -> StatusReport | list[StatusReport]:
            if not multi:
                record = one_record(document, status_layouts(all_))
                if pairs:
                    _fill(record, *pairs[0])
                return structure(record, StatusReport)
            rows = record_rows(document, status_layouts(all_, ids))
            return _in_request_order(rows, pairs)

        return Reply(cls.name, cls.script, build)


def _fill(record: Record, phone: str, message_id: str) -> None:
    if not record.get("id"):
        record["id"] = message_id
    if phone and not record.get("phone"):
        record["phone"] = phone


_MISSING: Record = {"status": int(MessageStatus.NOT_FOUND), "missing_from_reply": True}


def _in_request_order(rows: list[Record], pairs: list[tuple[str, str]]) -> list[StatusReport]:
    """Match reply rows to requested pairs by id (and phone), falling back to position."""
    if not pairs:
        return [structure(row, StatusReport) for row in rows]
    by_key: dict[tuple[str, str], Record] = {}
    by_id: dict[str, list[Record]] = {}
    for row in rows:
        row_id = str(row.get("id") or "").strip()
        if row_id:
            by_key.setdefault((row_id, phone_key(str(row.get("phone") or ""))), row)
            by_id.setdefault(row_id, []).append(row)
    positional = not by_id and len(rows) == len(pairs)
    reports = []
    for index, (phone, message_id) in enumerate(pairs):
        found = by_key.get((message_id, phone_key(phone)))
        if found is None and len(by_id.get(message_id, ())) == 1:
            found = by_id[message_id][0]
        if found is None and positional:
            found = rows[index]
        # A pair the reply says nothing of: the service has no such message.
        row = dict(found) if found is not None else dict(_MISSING)
        _fill(row, phone, message_id)
        reports.append(structure(row, StatusReport))
    return reports


@attrs.frozen(slots=True)
class Delete(Operation[None]):
    """Delete a sent message (``status.php`` with ``del=1``)."""

    name = "delete"
    script = "status"
    idempotent = False

    phone: str
    id: str

    @classmethod
    def build(cls, phone: str, id: str | int) -> Delete:
        """Validate the phone and id of the message to delete."""
        (single,) = phone_list([phone], name="phone")
        return cls(single, validate_id(id))

    def params(self) -> dict[str, str]:
        return {"phone": self.phone, "id": self.id, "del": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[None]:
        def build(document: Document) -> None:
            return None

        return Reply(cls.name, cls.script, build)
