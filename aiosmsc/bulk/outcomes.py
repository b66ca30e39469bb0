"""What a bulk job reports: each :class:`Recipient`'s :class:`BulkOutcome` and the job's
:class:`BulkReport`."""

from __future__ import annotations

import enum
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import APIError, SMSCError

__all__ = ["BulkOutcome", "BulkReport", "OutcomeState", "Recipient"]


@attrs.frozen(slots=True)
class Recipient:
    """One message of a bulk job: the phone, its text, an optional client id and options
    (``send`` keyword arguments such as ``sender``, see
    :class:`~aiosmsc.operations.message_options.SharedSendOptions`) that apply to it
    alone."""

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
