"""``AsyncSMSC.request(script, ...)``: any script, any parameters, plain records back.

The escape hatch for what the service adds before this library does. The request goes
through the same pipeline as every other operation (credentials, gate, transport, error
envelope, :class:`~aiosmsc.errors.APIError` subclasses by script); the reply comes back
as plain records instead of a model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Union, cast

import attrs

from ..decoder.document import Document
from ..decoder.records import Layout, one_record, parse_line
from ..errors import ValidationError
from .base import Operation, Reply
from .extra_params import extra_params

__all__ = ["OPERATIONS", "PlainRecords", "RawRequest", "plain_records"]

#: A plain reply: one record, or a list of them.
PlainRecords = Union[dict[str, Any], list[dict[str, Any]]]  # noqa: UP007 - a runtime alias

_SCRIPT = re.compile(r"[a-z][a-z0-9_]{0,63}")
# Unlabelled lines (fmt=1) keep their comma-separated values, in order, under "fields".
_ANY_LINE = (Layout((), surplus="fields"),)


def _script_name(script: str) -> str:
    if not isinstance(script, str):
        raise ValidationError(f"script must be a string, got {script!r}")
    name = script.strip().lower().removeprefix("/sys/").removesuffix(".php")
    if not _SCRIPT.fullmatch(name):
        raise ValidationError(
            f"script must be a script name such as 'senders' or 'senders.php', got {script!r}"
        )
    return name


@attrs.frozen(slots=True)
class RawRequest(Operation[PlainRecords]):
    """A request to any script (``request()``). Never retried blindly: what it does is
    not known. :meth:`build` returns an instance of a subclass bound to the script."""

    name = "request"
    #: Set on the per-script subclasses; empty here (``decode("request", ...)`` maps only
    #: the error codes common to every script).
    script = ""
    idempotent = False

    wire: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def build(cls, script: str, params: Mapping[str, object] | None = None) -> RawRequest:
        """Validate the script name and the parameters (credentials, ``fmt`` and
        ``charset`` are the client's and are refused)."""
        return _bound_class(_script_name(script))(extra_params(params, any_value=True))

    def params(self) -> dict[str, str]:
        return dict(self.wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[PlainRecords]:
        return Reply(cls.name, cls.script, plain_records, empty=list)


@functools.lru_cache(maxsize=128)
def _bound_class(script: str) -> type[RawRequest]:
    namespace = {"script": script, "__slots__": (), "__module__": __name__}
    return cast("type[RawRequest]", type(f"RawRequest_{script}", (RawRequest,), namespace))


def plain_records(document: Document) -> PlainRecords:
    """A parsed reply as plain records: a dict, or a list of dicts for a list reply.

    JSON stays as it is (a non-object item becomes ``{"value": item}``). XML: a root
    holding one repeated element is a list, anything else one record. Text: ``key =
    value`` lines are one record, or one record per line when every line starts with the
    same label; unlabelled lines keep their values under ``"fields"``.
    """
    value = document.value
    if document.kind == "json":
        if isinstance(value, list):
            return [_record(item) for item in value]
        return _record(value)
    if document.kind == "xml":
        content = next(iter(value.values()))
        if isinstance(content, dict) and len(content) == 1:
            ((key, inner),) = content.items()
            if isinstance(inner, list):
                return [item if isinstance(item, dict) else {key: item} for item in inner]
        return one_record(document)
    lines: list[str] = value
    records = [parse_line(line, _ANY_LINE) for line in lines]
    if len(records) == 1:
        return records[0]
    if "fields" in records[0] or _same_first_label(records):
        return records
    return one_record(document, _ANY_LINE)


def _record(item: Any) -> dict[str, Any]:
    return dict(item) if isinstance(item, dict) else {"value": item}


def _same_first_label(records: list[dict[str, Any]]) -> bool:
    firsts = {next(iter(record), None) for record in records}
    return len(firsts) == 1


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (RawRequest,)
