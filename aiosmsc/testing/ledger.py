"""The emulator's record of accepted messages and how their status moves with time."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .clock import Clock
from .directory import lookup
from .render import StatusRow

__all__ = ["STATUS_NAMES", "EmulatedMessage", "Ledger", "missing_row"]

STATUS_NAMES: dict[int, str] = {
    -3: "Message not found",
    -2: "Stopped",
    -1: "Waiting to be sent",
    0: "Transferred to operator",
    1: "Delivered",
    2: "Read",
    3: "Expired",
    4: "Link clicked",
    20: "Impossible to deliver",
    22: "Invalid number",
    23: "Prohibited",
    24: "Insufficient funds",
    25: "Unavailable number",
}

MESSAGE_TYPES: dict[str, int] = {
    "flash": 1,
    "bin": 2,
    "push": 3,
    "hlr": 4,
    "ping": 5,
    "mms": 6,
    "call": 7,
    "mail": 8,
    "viber": 10,
    "soc": 12,
    "tg": 13,
}
"""send.php channel flag -> ``type`` reported by status.php (0 is a plain SMS). The type
numbers are the emulator's own: the service's are not documented."""


@dataclass(eq=False, slots=True)
class EmulatedMessage:
    """One accepted message to one phone; ``status``/``err`` follow the emulator clock.

    Timeline: ``-1`` (waiting) until ``start_at + queue_delay``, then ``0`` (transferred)
    until ``start_at + max(queue_delay, delivery_delay)``, then ``final_status`` with
    ``final_err``. ``start_at`` is the accept time, or the scheduled ``time`` (or its
    portion of a ``period`` spread) if later. ``attachments`` counts uploaded files and
    ``fileurl``; ``subject`` is ``subj``; ``code`` the code of a voice-code call.
    """

    id: str
    phone: str
    text: str
    parts: int
    cost: Decimal
    sender: str
    sent_at: float
    clock: Clock = field(repr=False)
    comment: str = ""
    type: int = 0
    start_at: float = 0.0
    queue_delay: float = 1.0
    delivery_delay: float = 5.0
    final_status: int = 1
    final_err: int = 0
    deleted: bool = False
    attachments: int = 0
    subject: str = ""
    code: str = ""

    def __post_init__(self) -> None:
        self.start_at = max(self.start_at, self.sent_at)

    @property
    def transferred_at(self) -> float:
        return self.start_at + self.queue_delay

    @property
    def finished_at(self) -> float:
        return self.start_at + max(self.queue_delay, self.delivery_delay)

    def status_at(self, now: float) -> int:
        """Status code at unix time ``now``."""
        if now < self.transferred_at:
            return -1
        if now < self.finished_at:
            return 0
        return self.final_status

    def err_at(self, now: float) -> int:
        """Delivery error code at unix time ``now`` (0 until the final status)."""
        return self.final_err if now >= self.finished_at else 0

    def changed_at(self, now: float) -> float:
        """When the status valid at ``now`` was reached."""
        if now < self.transferred_at:
            return self.sent_at
        if now < self.finished_at:
            return self.transferred_at
        return self.finished_at

    @property
    def status(self) -> int:
        return self.status_at(self.clock.now())

    @property
    def err(self) -> int:
        return self.err_at(self.clock.now())

    @property
    def is_hlr(self) -> bool:
        return self.type == MESSAGE_TYPES["hlr"]

    def row(self, now: float) -> StatusRow:
        """This message as status.php reports it at ``now``."""
        status = self.status_at(now)
        who = lookup(self.phone)
        row = StatusRow(
            id=self.id,
            phone=self.phone,
            status=status,
            err=self.err_at(now),
            last_timestamp=int(self.changed_at(now)),
            send_timestamp=int(self.sent_at),
            cost=self.cost,
            sender=self.sender,
            status_name=STATUS_NAMES.get(status, str(status)),
            message=self.text,
            comment=self.comment,
            type=self.type,
            country=who.country,
            operator=who.operator,
            region=who.region,
        )
        if not self.is_hlr:
            return row
        if now < self.finished_at or self.err_at(now) != 0:
            # No answer from the HLR yet, or no such subscriber: the fields stay empty.
            return replace(row, imsi="", msc="", mcc="", mnc="", cn="", net="", rcn="", rnet="")
        return replace(
            row,
            imsi=(who.mcc + who.mnc + self.phone[-10:].rjust(10, "0"))[:15],
            msc="7" + self.phone[1:4].ljust(3, "0") + "0000001",
            mcc=who.mcc,
            mnc=who.mnc,
            cn=who.country,
            net=who.operator,
            rcn=who.roaming_country,
            rnet=who.roaming_operator,
        )


def missing_row(phone: str, id: str, now: float) -> StatusRow:
    """The status -3 row for a phone/id pair the service does not know."""
    stamp = int(now)
    return StatusRow(
        id=id,
        phone=phone,
        status=-3,
        err=0,
        last_timestamp=stamp,
        send_timestamp=stamp,
        cost=Decimal("0"),
        sender="",
        status_name=STATUS_NAMES[-3],
        message="",
        comment="",
        type=0,
        country="",
        operator="",
        region="",
    )


class Ledger:
    """Accepted messages in order, indexed by (phone, id); the latest send wins a clash."""

    __slots__ = ("_index", "messages")

    def __init__(self) -> None:
        self.messages: list[EmulatedMessage] = []
        self._index: dict[tuple[str, str], EmulatedMessage] = {}

    def add(self, message: EmulatedMessage) -> None:
        self.messages.append(message)
        self._index[(message.phone, message.id)] = message

    def find(self, phone: str, id: str) -> EmulatedMessage | None:
        """The live (not deleted) message for ``phone`` and ``id``, if any."""
        message = self._index.get((phone, id))
        if message is None or message.deleted:
            return None
        return message

    def __len__(self) -> int:
        return len(self.messages)
