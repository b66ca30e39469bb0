"""Wire text of ``jobs.php`` and ``phones.php`` replies in every ``fmt``.

The reference documents none of these shapes (REFERENCE §7, §8), so the emulator picks
the most likely ones, modelled on the documented replies of other scripts:

* a change (delete, cancel, edit): fmt=0 ``OK``, fmt=1 ``1``, fmt=2
  ``<result><result>OK</result></result>``, fmt=3 ``{"result": "OK"}``;
* a creation: fmt=0 ``OK, ID - <id>``, fmt=1 ``<id>``, fmt=2 ``<result><id>..</id></result>``,
  fmt=3 ``{"id": <id>}``;
* rows (a job, contacts, groups): fmt=0 one line per row of ``key = value`` pairs joined
  by ``, `` (empty values left out); fmt=1 one line per row of the values in a fixed order,
  id first, commas inside values not escaped; fmt=2 ``<result>`` holding one element per
  row (``<job>``, ``<contact>``, ``<group>``) with one child per field; fmt=3 a JSON array
  of objects (list fields as JSON arrays, money as strings). An empty list is an empty
  body in fmt 0/1, ``<result></result>`` and ``[]``;
* ``jobs.php?get_all=1`` in fmt=0: one job id per line (what a public snippet parses).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..render import _json, _xml

__all__ = ["Row", "render_ack", "render_created", "render_ids", "render_rows"]

#: One row: (field, value) pairs in wire order; lists are list fields, None means absent.
Row = Sequence[tuple[str, "str | int | list[str] | list[int] | None"]]

_NUMERIC = re.compile(r"[1-9][0-9]{0,17}")


def render_ack(fmt: int) -> str:
    """The success reply of a change."""
    return ("OK", "1", "<result><result>OK</result></result>", '{"result": "OK"}')[fmt]


def render_created(id: str, fmt: int) -> str:
    """The success reply of a creation, naming the new id."""
    if fmt == 0:
        return f"OK, ID - {id}"
    if fmt == 1:
        return id
    if fmt == 2:
        return _xml("result", [("id", id)])
    return _json({"id": int(id) if _NUMERIC.fullmatch(id) else id})


def _text(value: str | int | list[str] | list[int] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def render_rows(rows: Sequence[Row], *, item: str, fmt: int) -> str:
    """A list of rows (``item`` names the fmt=2 element of one row)."""
    if fmt == 0:
        return "\n".join(
            ", ".join(f"{key} = {_text(value)}" for key, value in row if _text(value) != "")
            for row in rows
        )
    if fmt == 1:
        return "\n".join(",".join(_text(value) for _, value in row) for row in rows)
    if fmt == 2:
        inner = "".join(
            _xml(item, [(key, _text(value)) for key, value in row if _text(value) != ""])
            for row in rows
        )
        return f"<result>{inner}</result>"
    return _json([{key: value for key, value in row if value is not None} for row in rows])


def render_ids(ids: Sequence[str], fmt: int, rows: Sequence[Row], *, item: str) -> str:
    """A list that fmt=0 gives as bare ids, one per line, and the other fmts as rows."""
    if fmt == 0:
        return "\n".join(ids)
    return render_rows(rows, item=item, fmt=fmt)
