"""Packing a bulk job's recipients into requests: shared texts into ``phones`` requests,
personalised ones into ``list`` requests, each within the job's limits (recipients per
request, bytes of form data), reading ahead a bounded number of recipients."""

from __future__ import annotations

from typing import Any

import attrs

from ..operations.params import new_client_id
from .outcomes import Recipient

__all__ = ["Batch", "Packer", "line_bytes", "packing_key"]


@attrs.frozen(slots=True)
class Batch:
    """One request: recipients sharing ``options`` (and ``text``, for a phones request).

    A journaled job's batch also carries its journal ``batch_no`` and the journal's
    ``rows`` (one row number per recipient); ``recovered_for`` is set when the batch was
    found in flight after a stop: seconds since its previous holder's lease ran out.
    """

    recipients: tuple[Recipient, ...]
    text: str | None  # None: a personalised ``list`` request
    options: tuple[tuple[str, Any], ...]
    id: str  # the client id, known before sending so an interrupted request can be looked up
    rows: tuple[int, ...] = ()
    batch_no: int | None = None
    recovered_for: float | None = None

    def part(self, indexes: tuple[int, ...], id: str) -> Batch:
        """The batch of some of these recipients (by position) under client id ``id``."""
        return Batch(
            tuple(self.recipients[i] for i in indexes),
            self.text,
            self.options,
            id,
            tuple(self.rows[i] for i in indexes) if self.rows else (),
        )


#: The packing key of a recipient without its own id or options: the common case.
_PLAIN_KEY: tuple[Any, ...] = (None, ())


def packing_key(recipient: Recipient) -> tuple[Any, ...]:
    """What recipients must share to go in one request: their client id and options."""
    if recipient.id is None and not recipient.options:
        return _PLAIN_KEY
    return (recipient.id, tuple(sorted(recipient.options.items())))


def line_bytes(phone: str, text: str) -> int:
    """An upper bound of the url-encoded size of a ``list`` line (every UTF-8 byte as
    ``%XX``), cheap to compute."""
    return 3 * (len(phone) + 2 + len(text.encode("utf-8")))


_Group = tuple[tuple[Any, ...], str]  # (packing key, text)


class Packer:
    """Groups recipients into batches within the size limits, reading ahead at most
    ``lookahead`` recipients (memory stays bounded whatever the input size)."""

    def __init__(self, batch_size: int, max_body: int) -> None:
        self.batch_size = batch_size
        self.max_body = max_body
        self.lookahead = batch_size * 4
        # key -> text -> recipients, in arrival order
        self.pending: dict[tuple[Any, ...], dict[str, list[Recipient]]] = {}
        self.count = 0
        self.ready: _Group | None = None  # a group that is full
        # The groups to send as phones requests, in the order they became so: two or more
        # recipients sharing a text, or a text that cannot go on a list line (value True:
        # stays until its group is empty). Kept so that a take() of personalised texts
        # need not look at every pending group.
        self.phones: dict[_Group, bool] = {}

    def resize(self, batch_size: int) -> None:
        """Hold ``batch_size`` recipients per batch from now on (:mod:`.sizing`)."""
        self.batch_size = batch_size
        self.lookahead = batch_size * 4

    def add(self, recipient: Recipient, *, listable: bool = True) -> None:
        """Queue a recipient; ``listable=False`` when its text may not go on a ``list``
        line (a line break), so it goes in a phones request even alone."""
        key = packing_key(recipient)
        by_text = self.pending.get(key)
        if by_text is None:
            by_text = self.pending[key] = {}
        text = recipient.text
        group = by_text.get(text)
        if group is None:
            group = by_text[text] = [recipient]
            if not listable:
                self.phones[(key, text)] = True
        else:
            group.append(recipient)
            self.phones.setdefault((key, text), False)
        self.count += 1
        if len(group) >= self.batch_size and self.ready is None:
            self.ready = (key, text)

    @property
    def full(self) -> bool:
        """Whether a batch should be taken now (a full group, or the read-ahead is used)."""
        return self.ready is not None or self.count >= self.lookahead

    def take(self, *, flush: bool) -> Batch | None:
        """The next batch: a full shared-text group, else (when ``flush`` or the buffer is
        full) the largest group for a phones request, else personalised texts as a list
        request."""
        if self.ready is not None:
            key, text = self.ready
            self.ready = None
            return self._phones(key, text)
        if not (flush or self.full) or not self.pending:
            return None
        if self.phones:
            pending = self.pending
            return self._phones(*max(self.phones, key=lambda kt: len(pending[kt[0]][kt[1]])))
        return self._list(next(iter(self.pending)))

    def _phones(self, key: tuple[Any, ...], text: str) -> Batch:
        group = self.pending[key][text]
        size = 3 * len(text.encode("utf-8"))
        chosen: list[Recipient] = []
        for recipient in group:
            size += len(recipient.phone) + 3
            if chosen and (len(chosen) >= self.batch_size or size > self.max_body):
                break
            chosen.append(recipient)
        del group[: len(chosen)]
        if not group:
            self.phones.pop((key, text), None)
            self._drop(key, text)
        elif len(group) < 2 and not self.phones.get((key, text), False):
            self.phones.pop((key, text), None)  # one left, and it may go on a list line
        self.count -= len(chosen)
        return Batch(tuple(chosen), text, key[1], key[0] or new_client_id())

    def _list(self, key: tuple[Any, ...]) -> Batch:
        # Only called without phones groups: every pending group is one listable recipient.
        by_text = self.pending[key]
        chosen: list[Recipient] = []
        size = 0
        for group in by_text.values():
            recipient = group[0]
            size += line_bytes(recipient.phone, recipient.text)
            if chosen and (len(chosen) >= self.batch_size or size > self.max_body):
                break
            chosen.append(recipient)
        for recipient in chosen:
            del by_text[recipient.text]
        if not by_text:
            del self.pending[key]
        self.count -= len(chosen)
        return Batch(tuple(chosen), None, key[1], key[0] or new_client_id())

    def _drop(self, key: tuple[Any, ...], text: str) -> None:
        by_text = self.pending[key]
        del by_text[text]
        if not by_text:
            del self.pending[key]

    def drain(self) -> list[Recipient]:
        """Everything still pending (never sent)."""
        left = [r for by_text in self.pending.values() for group in by_text.values() for r in group]
        self.pending.clear()
        self.phones.clear()
        self.count = 0
        return left
