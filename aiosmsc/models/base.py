"""What every result model shares: wire names, kept unknown keys, field aliases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

__all__ = ["MOSCOW", "Model"]

#: The service writes ``dd.mm.yyyy hh:mm:ss`` dates in Moscow time (UTC+3, no DST since
#: 2014): ``tz`` offsets in the API are "hours relative to Moscow". Dates are therefore
#: decoded as aware datetimes in this zone; timestamps as aware datetimes in UTC.
MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")


def fill_dates(model: Model, pairs: tuple[tuple[str, str], ...]) -> None:
    """A date and its timestamp name one instant: fill whichever the reply left out
    (``pairs`` of attribute names, date first; the model is frozen, so this is for
    ``__attrs_post_init__``)."""
    for date_name, stamp_name in pairs:
        date, stamp = getattr(model, date_name), getattr(model, stamp_name)
        if date is None and stamp is not None:
            object.__setattr__(model, date_name, stamp.astimezone(MOSCOW))
        elif stamp is None and date is not None:
            object.__setattr__(model, stamp_name, date.astimezone(dt.timezone.utc))


#: The date/timestamp pairs of a message's state, as status.php and get.php name them.
MESSAGE_DATES = (("last_date", "last_timestamp"), ("send_date", "send_timestamp"))


@attrs.frozen(slots=True)
class Model:
    """Base of result models.

    Attribute names are the service's JSON names. ``extra`` keeps every key of the reply
    that the model does not know, unchanged, so nothing the service adds is lost.
    """

    #: Other names the same field arrives under (an fmt=0 label, a third-party spelling),
    #: mapped to the attribute name. Used by the decoder when the attribute name is absent.
    aliases: ClassVar[Mapping[str, str]] = {}

    extra: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True, hash=False, repr=False)
