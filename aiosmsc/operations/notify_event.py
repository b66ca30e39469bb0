"""``ping.php``: event notifications, the service's site-monitoring helper."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from typing_extensions import TypedDict, Unpack

from ..errors import ValidationError
from ..models.data import ActionResult
from .base import Operation
from .fields import FieldTable
from .options import accept
from .params import flag, text_id, text_param
from .replies import ActionReplies

__all__ = ["OPERATIONS", "NotifyEvent", "NotifyOptions"]


class NotifyOptions(TypedDict, total=False):
    """What an event notification (``smsc.notify_event``) reports; each is left unset
    when missing."""

    #: 0: the watched thing failed; 1: it recovered after a failure.
    ok: bool | int | None
    #: Fills the notification's ``name`` macro.
    name: str | None
    #: Fills the notification's ``host`` macro.
    host: str | None
    #: Fills the notification's ``info`` macro.
    info: str | None


def _ok(value: bool | int, *, name: str) -> str:
    if not isinstance(value, int):
        raise ValidationError(f"{name} must be 0 or 1, got {value!r}")
    return flag(value, name=name, allowed=(0, 1))


_FIELDS = FieldTable(
    NotifyOptions, {"ok": _ok, "name": text_param, "host": text_param, "info": text_param}
)


@attrs.frozen(slots=True)
class NotifyEvent(ActionReplies, Operation[ActionResult]):
    """An event notification (``ping.php``), the service's site-monitoring helper.

    ``id`` names the notification; ``ok`` is 0 (notify on failure) or 1 (notify after a
    failure, on recovery); ``name``, ``host`` and ``info`` fill the notification's macros.
    """

    name = "notify_event"
    script = "ping"
    idempotent = False

    wire: Mapping[str, str]

    @classmethod
    def build(cls, id: str | int, **options: Unpack[NotifyOptions]) -> NotifyEvent:
        """Validate the notification id, the ``ok`` switch and the macro values."""
        accept(options, NotifyOptions, where=f"{cls.name}()")
        return cls({"id": text_id(id), **_FIELDS.write(options)})

    def params(self) -> dict[str, str]:
        return dict(self.wire)


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (NotifyEvent,)
