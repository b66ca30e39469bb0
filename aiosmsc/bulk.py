"""Bulk sending: many recipients, few requests, every recipient accounted for once.

:func:`send_bulk` (``smsc.send_bulk(...)``) reads recipients lazily from any sync or async
iterable, packs them into as few requests as the service allows, runs a bounded number
of requests at once through the client's pipeline (limits, retries, reconciliation: a
bulk job never sends a message twice), and yields one :class:`BulkOutcome` per recipient
as requests complete.

Packing: recipients that share a text (and options) go into one ``phones`` request;
personalised texts go into ``list`` requests (``phone:text`` lines). A request holds at
most ``batch_size`` recipients and ``max_body`` bytes of form data. The service documents
no maximum (REFERENCE §13.4), so the defaults are conservative: 500 recipients keep a
request's reply well inside the read timeout and bound what one ambiguous failure puts
in doubt; 128 KiB keeps the body far from any proxy's limit.

Stopping early (``break`` inside ``async with``, cancellation, an exception) stops
reading the input; requests already sent are awaited (or, when cancelled, reported as
unknown with their client ids), and :attr:`BulkJob.report` then says exactly which
recipients were sent, failed, are in doubt, or were never attempted.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections import Counter, deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs

from .errors import (
    APIError,
    AuthenticationError,
    DeliveryUnknownError,
    InsufficientFundsError,
    IPBlockedError,
    SMSCError,
    TransportError,
    ValidationError,
)
from .models.send import SendResult
from .operations.params import is_plain_phone, new_client_id, phone_key, phone_list, validate_id
from .operations.send import MAX_TEXT_LENGTH, Channel, Message, Send
from .operations.send_options import PREFIX_MARK

if TYPE_CHECKING:
    from .client import AsyncSMSC

__all__ = [
    "BulkJob",
    "BulkOutcome",
    "BulkReport",
    "OutcomeState",
    "Recipient",
    "send_bulk",
]

DEFAULT_BATCH_SIZE = 500
DEFAULT_MAX_BODY = 128 * 1024
#: Errors after which no further request can succeed: the job stops sending.
_FATAL = (AuthenticationError, InsufficientFundsError, IPBlockedError)


@attrs.frozen(slots=True)
class Recipient:
    """One message of a bulk job: the phone, its text, an optional client id and options
    (``send`` keyword arguments such as ``sender``) that apply to it alone."""

    phone: str
    text: str
    id: str | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


class OutcomeState(enum.Enum):
    """What became of a recipient."""

    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the request may have been accepted: ask status(phone, client_id)
    NOT_ATTEMPTED = "not_attempted"


@attrs.frozen(slots=True)
class BulkOutcome:
    """The outcome for one recipient. ``message_id`` is the service's id of the accepted
    message (the request's client id); ``error`` the typed error when it failed."""

    recipient: Recipient
    state: OutcomeState
    client_id: str | None
    message_id: str | None = None
    error: SMSCError | None = attrs.field(default=None, eq=False)

    @property
    def phone(self) -> str:
        """The recipient's phone."""
        return self.recipient.phone

    @property
    def ok(self) -> bool:
        """Whether the service accepted the message."""
        return self.state is OutcomeState.SENT

    @property
    def reason(self) -> str:
        """Why it failed (error class and code), ``""`` when it did not."""
        if self.error is None:
            return ""
        code = f" {self.error.code}" if isinstance(self.error, APIError) else ""
        return f"{type(self.error).__name__}{code}"


@attrs.define(slots=True)
class BulkReport:
    """Counts of a bulk job so far (final once the job is closed).

    ``consumed`` input items were read; items after them were never read, so a job can
    resume there. ``not_attempted`` lists recipients that were read but not sent;
    ``unreported`` outcomes that were decided but not yet yielded when the job stopped.
    """

    sent: int = 0
    failed: Counter[str] = attrs.field(factory=Counter)
    unknown: int = 0
    requests: int = 0
    consumed: int = 0
    cost: Decimal = Decimal(0)
    started: float = attrs.field(factory=time.monotonic)
    finished: float | None = None
    not_attempted: list[Recipient] = attrs.field(factory=list)
    unreported: list[BulkOutcome] = attrs.field(factory=list)

    @property
    def elapsed(self) -> float:
        """Seconds since the job started (until it finished)."""
        return (self.finished or time.monotonic()) - self.started

    @property
    def failed_total(self) -> int:
        """Recipients that failed, all reasons together."""
        return sum(self.failed.values())

    def summary(self) -> str:
        """One line for logs and progress displays."""
        failed = ", ".join(f"{reason}: {n}" for reason, n in self.failed.most_common())
        return (
            f"sent {self.sent}, failed {self.failed_total}"
            + (f" ({failed})" if failed else "")
            + f", unknown {self.unknown}, not attempted {len(self.not_attempted)},"
            f" cost {self.cost}, {self.requests} requests in {self.elapsed:.1f} s"
        )

    def _count(self, outcomes: Iterable[BulkOutcome]) -> None:
        sent = OutcomeState.SENT
        for outcome in outcomes:
            if outcome.state is sent:
                self.sent += 1
            elif outcome.state is OutcomeState.FAILED:
                self.failed[outcome.reason] += 1
            elif outcome.state is OutcomeState.UNKNOWN:
                self.unknown += 1


@attrs.frozen(slots=True)
class _Batch:
    """One request: recipients sharing ``options`` (and ``text``, for a phones request)."""

    recipients: tuple[Recipient, ...]
    text: str | None  # None: a personalised ``list`` request
    options: tuple[tuple[str, Any], ...]
    id: str  # the client id, known before sending so an interrupted request can be looked up


#: The packing key of a recipient without its own id or options: the common case.
_PLAIN_KEY: tuple[Any, ...] = (None, ())


def _key(recipient: Recipient) -> tuple[Any, ...]:
    if recipient.id is None and not recipient.options:
        return _PLAIN_KEY
    return (recipient.id, tuple(sorted(recipient.options.items())))


def _line_bytes(phone: str, text: str) -> int:
    # An upper bound of the url-encoded size (every UTF-8 byte as %XX), cheap to compute.
    return 3 * (len(phone) + 2 + len(text.encode("utf-8")))


_Group = tuple[tuple[Any, ...], str]  # (packing key, text)


class _Packer:
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

    def add(self, recipient: Recipient, *, listable: bool = True) -> None:
        """Queue a recipient; ``listable=False`` when its text may not go on a ``list``
        line (a line break), so it goes in a phones request even alone."""
        key = _key(recipient)
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

    def take(self, *, flush: bool) -> _Batch | None:
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

    def _phones(self, key: tuple[Any, ...], text: str) -> _Batch:
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
        return _Batch(tuple(chosen), text, key[1], key[0] or new_client_id())

    def _list(self, key: tuple[Any, ...]) -> _Batch:
        # Only called without phones groups: every pending group is one listable recipient.
        by_text = self.pending[key]
        chosen: list[Recipient] = []
        size = 0
        for group in by_text.values():
            recipient = group[0]
            size += _line_bytes(recipient.phone, recipient.text)
            if chosen and (len(chosen) >= self.batch_size or size > self.max_body):
                break
            chosen.append(recipient)
        for recipient in chosen:
            del by_text[recipient.text]
        if not by_text:
            del self.pending[key]
        self.count -= len(chosen)
        return _Batch(tuple(chosen), None, key[1], key[0] or new_client_id())

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


def _pair(item: object) -> Recipient | tuple[str, str]:
    if isinstance(item, Recipient):
        return item
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return (item[0], item[1])
    raise ValidationError(
        f"recipients must be Recipient objects or (phone, text) pairs, got {item!r}"
    )


def _recipient(item: Recipient | tuple[str, str]) -> Recipient:
    recipient = item if isinstance(item, Recipient) else Recipient(*item)
    if isinstance(recipient.phone, str) and is_plain_phone(recipient.phone):
        phone = recipient.phone  # the common case, checked cheaply
    else:
        (phone,) = phone_list([recipient.phone], name="recipient phone")
    if ":" in phone:
        raise ValidationError(f"recipient phone {phone!r} may not contain ':'")
    if not isinstance(recipient.text, str) or not recipient.text:
        raise ValidationError(f"the text for {phone} must be a non-empty string")
    if recipient.id is not None:
        validate_id(recipient.id, name="recipient id")
    return recipient if phone == recipient.phone else attrs.evolve(recipient, phone=phone)


def _message_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options that shape the message (``Message.build`` arguments), not the send."""
    return {name: value for name, value in options.items() if name not in ("cost", "fmt")}


def _listable(options: Mapping[str, Any], text: str) -> bool:
    """Whether a message may go on a ``list`` line: one line of text, and no comment
    (the service takes none with ``list``)."""
    return options.get("comment") is None and "\n" not in text and "\r" not in text


class _Intake:
    """Checks each input item against the job's options before anything is sent, so that
    a bad recipient fails alone. A plain ``(number, text)`` pair takes a cheap path when
    the options allow; anything else is checked by building the message it will go as."""

    def __init__(self, options: Mapping[str, Any], shared: Message) -> None:
        self.options = options
        self.cheap = (
            options.get("comment") is None
            and not options.get("prefix")
            and shared.channel not in (Channel.MAIL, Channel.BIN_HEX)
        )

    def plain(self, item: object) -> Recipient | None:
        """A plain number and a text with nothing to check further; None otherwise."""
        if self.cheap and isinstance(item, (tuple, list)) and len(item) == 2:
            phone, text = item
            if (
                type(phone) is str
                and type(text) is str
                and 0 < len(text) <= MAX_TEXT_LENGTH
                and not text.startswith(PREFIX_MARK)  # a channel prefix: the long way
                and is_plain_phone(phone)
            ):
                return Recipient(phone, text)
        return None

    def checked(self, item: Recipient | tuple[str, str]) -> tuple[Recipient, bool]:
        """(the recipient, whether it may go on a ``list`` line); ValidationError when
        the message it makes would be refused."""
        recipient = _recipient(item)
        options = _message_options({**self.options, **recipient.options})
        try:
            Message.build(recipient.phone, recipient.text, **options)
        except TypeError as exc:
            raise ValidationError(f"the options for {recipient.phone}: {exc}") from None
        return recipient, _listable(options, recipient.text)


class BulkJob:
    """A running bulk send: ``async for outcome in job``; best inside ``async with`` so
    that stopping early leaves an exact :attr:`report`."""

    def __init__(
        self,
        smsc: AsyncSMSC,
        recipients: Iterable[Recipient | tuple[str, str]]
        | AsyncIterable[Recipient | tuple[str, str]],
        *,
        options: Mapping[str, Any],
        shared: Message,
        batch_size: int,
        max_body: int,
        concurrency: int,
        progress: Callable[[BulkReport], None] | None,
    ) -> None:
        self._smsc = smsc
        # A sync input is read with next(): no coroutine per item.
        self._sync_source: Iterator[object] | None = None
        self._async_source: AsyncIterator[object] | None = None
        if isinstance(recipients, AsyncIterable):
            self._async_source = aiter(recipients)
        else:
            self._sync_source = iter(recipients)
        self._options = dict(options)
        self._intake = _Intake(self._options, shared)
        self._packer = _Packer(batch_size, max_body)
        self._concurrency = concurrency
        self._progress = progress
        self._inflight: dict[asyncio.Task[list[BulkOutcome]], _Batch] = {}
        self._ready: deque[BulkOutcome] = deque()
        self._exhausted = False
        self._stopped = False
        self._closed = False
        self.report = BulkReport()

    def __aiter__(self) -> BulkJob:
        return self

    async def __aenter__(self) -> BulkJob:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose(
            cancelled=exc_type is not None and issubclass(exc_type, asyncio.CancelledError)
        )

    async def __anext__(self) -> BulkOutcome:
        while not self._ready:
            if self._closed:
                raise StopAsyncIteration
            await self._launch()
            if not self._inflight:
                if self._exhausted or self._stopped:
                    self._finish()
                    raise StopAsyncIteration
                continue
            done, _ = await asyncio.wait(self._inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                self._collect(task)
        return self._ready.popleft()

    async def _launch(self) -> None:
        while not self._stopped and len(self._inflight) < self._concurrency:
            batch = await self._next_batch()
            if batch is None:
                return
            task = asyncio.ensure_future(self._send(batch))
            self._inflight[task] = batch

    async def _next_batch(self) -> _Batch | None:
        while True:
            if self._packer.full or self._exhausted:
                batch = self._packer.take(flush=self._exhausted)
                if batch is not None or self._exhausted:
                    return batch
            try:
                if self._sync_source is not None:
                    item = next(self._sync_source)
                else:
                    assert self._async_source is not None
                    item = await anext(self._async_source)
            except (StopIteration, StopAsyncIteration):
                self._exhausted = True
                continue
            recipient = self._intake.plain(item)
            if recipient is not None:
                listable = _listable(self._options, recipient.text)
            else:
                pair = _pair(item)  # not a recipient at all: a bug in the caller's input
                try:
                    recipient, listable = self._intake.checked(pair)
                except ValidationError as error:  # this recipient fails; the job goes on
                    self.report.consumed += 1
                    self._reject(pair, error)
                    continue
            self.report.consumed += 1
            self._packer.add(recipient, listable=listable)

    def _reject(self, item: Recipient | tuple[str, str], error: ValidationError) -> None:
        bad = item if isinstance(item, Recipient) else Recipient(str(item[0]), str(item[1]))
        outcome = BulkOutcome(bad, OutcomeState.FAILED, None, None, error)
        self.report._count((outcome,))
        self._ready.append(outcome)

    async def _send(self, batch: _Batch) -> list[BulkOutcome]:
        options = {**self._options, **dict(batch.options)}
        if "op" not in options:
            options.setdefault("err", True)  # failed numbers listed: mapped to recipients
        options.setdefault("cost", 2)  # and the cost goes into the report
        try:
            if batch.text is None:
                result = await self._smsc.send(
                    list=[(r.phone, r.text) for r in batch.recipients], id=batch.id, **options
                )
            else:
                result = await self._smsc.send(
                    [r.phone for r in batch.recipients], batch.text, id=batch.id, **options
                )
        except SMSCError as error:
            return self._failed(batch, error)
        return self._accepted(batch, result)

    def _accepted(self, batch: _Batch, result: SendResult) -> list[BulkOutcome]:
        if result.cost is not None:
            self.report.cost += result.cost
        failed: dict[str, str] = {}
        for row in result.phones or ():
            if row.failed:
                failed[phone_key(row.phone)] = row.error or f"err {row.err}"
        if not failed:  # the common case: one outcome per recipient, all alike
            return [
                BulkOutcome(r, OutcomeState.SENT, result.id, result.id) for r in batch.recipients
            ]
        outcomes = []
        for recipient in batch.recipients:
            reason = failed.get(phone_key(recipient.phone))
            if reason is None:
                outcomes.append(BulkOutcome(recipient, OutcomeState.SENT, result.id, result.id))
            else:
                error = APIError(0, reason, id=result.id, operation="send_bulk")
                outcomes.append(BulkOutcome(recipient, OutcomeState.FAILED, result.id, None, error))
        return outcomes

    def _failed(self, batch: _Batch, error: SMSCError) -> list[BulkOutcome]:
        if isinstance(error, _FATAL):
            self._stopped = True  # nothing after this can succeed
        in_doubt = isinstance(error, DeliveryUnknownError) or (
            isinstance(error, TransportError) and error.possibly_delivered
        )
        state = OutcomeState.UNKNOWN if in_doubt else OutcomeState.FAILED
        client_id = getattr(error, "id", None) if isinstance(error, DeliveryUnknownError) else None
        return [BulkOutcome(r, state, client_id or batch.id, None, error) for r in batch.recipients]

    def _collect(self, task: asyncio.Task[list[BulkOutcome]]) -> None:
        batch = self._inflight.pop(task)
        self.report.requests += 1
        if task.cancelled():
            outcomes = [BulkOutcome(r, OutcomeState.UNKNOWN, batch.id) for r in batch.recipients]
        else:
            outcomes = task.result()
        self.report._count(outcomes)
        self._ready.extend(outcomes)
        if self._progress is not None:
            self._progress(self.report)

    async def aclose(self, *, cancelled: bool = False) -> None:
        """Stop: read no more input, finish (or, if ``cancelled``, cancel) the requests in
        flight, and complete :attr:`report`."""
        if self._closed:
            return
        self._stopped = True
        if self._inflight:
            if cancelled:
                for task in self._inflight:
                    task.cancel()
            await asyncio.wait(list(self._inflight))
            for task in list(self._inflight):
                self._collect(task)
        self._finish()

    def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.report.not_attempted.extend(self._packer.drain())
        self.report.unreported.extend(self._ready)
        self._ready.clear()
        self.report.finished = time.monotonic()


def _check_options(options: Mapping[str, Any]) -> Message:
    """Validate the shared send options once, before anything is sent."""
    try:
        message = Message.validate_options(**_message_options(options))
    except TypeError as exc:
        raise ValidationError(f"send_bulk: {exc}") from None
    Send.build(message, id=None, cost=options.get("cost", 0))
    return message


def send_bulk(
    smsc: AsyncSMSC,
    recipients: Iterable[Recipient | tuple[str, str]] | AsyncIterable[Recipient | tuple[str, str]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_body: int = DEFAULT_MAX_BODY,
    concurrency: int | None = None,
    progress: Callable[[BulkReport], None] | None = None,
    **options: Any,
) -> BulkJob:
    """Send to many recipients; see the module docstring. ``options`` are ``send``
    keyword arguments applied to every request (``sender=``, ``translit=``, ...)."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValidationError(f"batch_size must be a positive integer, got {batch_size!r}")
    if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1024:
        raise ValidationError(f"max_body must be at least 1024 bytes, got {max_body!r}")
    for name in ("phones", "mes", "list", "id"):
        if name in options:
            raise ValidationError(f"send_bulk takes recipients, not {name}=")
    shared = _check_options(options)
    limit = smsc.limiter.max_concurrency if hasattr(smsc.limiter, "max_concurrency") else 4
    width = limit if concurrency is None else concurrency
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValidationError(f"concurrency must be a positive integer, got {concurrency!r}")
    return BulkJob(
        smsc,
        recipients,
        options=options,
        shared=shared,
        batch_size=batch_size,
        max_body=max_body,
        concurrency=width,
        progress=progress,
    )
