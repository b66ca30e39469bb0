"""``tinyurls.php``: click counts of a short link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.data import ShortLink
from .base import Operation, Reply
from .params import text_id, text_param
from .replies import one_record_reply

__all__ = ["OPERATIONS", "GetShortLink"]

_COUNTS = frozenset({"cnt", "cnt_mon", "cnt_day", "cnt_yes"})
_SHORT_LINK_LAYOUTS = (
    Layout(
        ("id", "cnt", "cnt_mon", "cnt_day", "cnt_yes"),
        numeric=_COUNTS,
        short_ok=True,
        surplus="more",
    ),
)


@attrs.frozen(slots=True)
class GetShortLink(Operation[ShortLink]):
    """Click counts of a short link by its full ``link`` or its ``id``
    (``tinyurls.php?get=1``). An unknown link is error 3."""

    name = "short_link"
    script = "tinyurls"

    link: str | None = None
    id: str | None = None

    @classmethod
    def build(cls, *, link: str | None = None, id: str | int | None = None) -> GetShortLink:
        """Exactly one of ``link`` (the full URL) and ``id`` (the short-link id)."""
        if (link is None) == (id is None):
            raise ValidationError("give exactly one of link= and id=")
        if link is not None:
            return cls(link=text_param(link, name="link", max_length=4000))
        assert id is not None
        return cls(id=text_id(id))

    def params(self) -> dict[str, str]:
        if self.link is not None:
            return {"get": "1", "link": self.link}
        return {"get": "1", "id": str(self.id)}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ShortLink]:
        asked = {"link": params.get("link")}
        return one_record_reply(cls.name, cls.script, ShortLink, _SHORT_LINK_LAYOUTS, asked=asked)


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (GetShortLink,)
