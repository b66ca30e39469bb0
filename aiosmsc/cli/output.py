"""Output of the ``aiosmsc`` command: result models as aligned tables or as JSON."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..models.base import Model

__all__ = ["jsonable", "render", "table"]


def jsonable(value: Any) -> Any:
    """``value`` with models, enums, money and dates made JSON-friendly (money as an exact
    string, dates in ISO 8601, codes as their number)."""
    if isinstance(value, Model):
        record = {
            field.name: jsonable(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.name != "extra"
        }
        if value.extra:
            record["extra"] = jsonable(dict(value.extra))
        return record
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    description = getattr(value, "description", None)
    if isinstance(value, enum.IntEnum) and description:
        return f"{int(value)} ({description})"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, Model):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return str(value)


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """An aligned text table of ``rows`` (``columns``: which keys, in order; default:
    every key that has a value somewhere)."""
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update((key, None) for key, value in row.items() if value not in (None, ""))
        columns = list(seen)
    if not rows or not columns:
        return "(none)"
    cells = [list(columns)] + [[_cell(row.get(name)) for name in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _record(value: Any) -> dict[str, Any]:
    if isinstance(value, Model):
        record = {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}
        extra = record.pop("extra")
        record.update({k: v for k, v in extra.items() if k not in record})
        return record
    return dict(value)


def render(value: Any, output: str, columns: Sequence[str] | None = None) -> str:
    """``value`` (a model, a mapping, or a list of them) as ``"json"`` or ``"table"``: a
    list becomes one row per item, a single record two columns (field, value)."""
    if output == "json":
        return json.dumps(jsonable(value), ensure_ascii=False, indent=2)
    if isinstance(value, (list, tuple)):
        return table([_record(item) for item in value], columns)
    record = _record(value)
    names = columns or [k for k, v in record.items() if v not in (None, "")]
    return table([{"field": name, "value": _cell(record.get(name))} for name in names])
