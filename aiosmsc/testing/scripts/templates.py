"""Emulated ``templates.php`` (message templates) and ``op_templates.php`` (operator
templates), §4.12 and §4.13.

Their replies are [UNVERIFIED]; this module chooses:

* templates list (``get=1``): fields ``id, name, format, sender, msg`` — fmt=3 a JSON
  array of objects, fmt=2 ``<result>`` with a ``<template>`` element per template (child
  elements), fmt=0 one ``key = value, ...`` line per template, fmt=1 one line of the
  five values in that order (the text last, commas and all).
* operator templates list: ``id, sender, msg`` plus, in the keyed formats, the
  ``*_srv``/``*_trn`` switches that were set (``1``); fmt=1 is ``id,sender,msg``.
* add (both scripts): fmt=0 ``OK - ID - <id>``, fmt=1 ``<id>``, fmt=2
  ``<result><id>..</id></result>``, fmt=3 ``{"id": <id>}``; chg/del: ``OK`` / ``1`` /
  ``<result><result>OK</result></result>`` / ``{"result": "OK"}``.
* errors: a missing field, an unknown format or id is error 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..handlers import Handler
from ..render import _json, _xml
from ..rules import APIFailure

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "EmulatedTemplate", "TemplatesState"]

FORMATS = frozenset({"", "sms", "flash", "bin", "push", "mms", "call", "mail", "viber"})
OPERATOR_SWITCHES = tuple(
    f"{operator}_{kind}" for operator in ("mts", "mega", "bee", "tele2") for kind in ("srv", "trn")
)
_OK = ("OK", "1", "<result><result>OK</result></result>", '{"result": "OK"}')


@dataclass(eq=False)
class EmulatedTemplate:
    """A message template (``switches`` empty) or an operator template."""

    id: int
    name: str = ""
    msg: str = ""
    format: str = ""
    sender: str = ""
    switches: tuple[str, ...] = ()


class TemplatesState:
    """Templates of one emulator (``emulator.state(TemplatesState)``)."""

    def __init__(self) -> None:
        self.templates: dict[int, EmulatedTemplate] = {}
        self.operator_templates: dict[int, EmulatedTemplate] = {}
        self.last_id = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


def _on(params: Mapping[str, str], name: str) -> bool:
    return params.get(name, "0").strip() not in ("", "0")


def _added(new_id: int, fmt: int) -> str:
    return (
        f"OK - ID - {new_id}",
        str(new_id),
        _xml("result", [("id", new_id)]),
        _json({"id": new_id}),
    )[fmt]


def _render(rows: list[list[tuple[str, str | int]]], tag: str, fmt: int) -> str:
    if fmt == 0:
        return "\n".join(", ".join(f"{key} = {value}" for key, value in row) for row in rows)
    if fmt == 1:
        return "\n".join(",".join(str(value) for _, value in row) for row in rows)
    if fmt == 2:
        return "<result>" + "".join(_xml(tag, row) for row in rows) + "</result>"
    return _json([dict(row) for row in rows])


def _find(state: TemplatesState, params: Mapping[str, str]) -> EmulatedTemplate:
    raw = params.get("id", "").strip()
    if not raw.isdigit() or int(raw) not in state.templates:
        raise APIFailure(1, "template not found")
    return state.templates[int(raw)]


def _fill(template: EmulatedTemplate, params: Mapping[str, str]) -> None:
    fmt_name = params.get("format")
    if fmt_name is not None and fmt_name.strip().lower() not in FORMATS:
        raise APIFailure(1, "parameters error")
    for key in ("name", "msg"):
        if key in params and not params[key].strip():
            raise APIFailure(1, "parameters error")
    template.name = params.get("name", template.name)
    template.msg = params.get("msg", template.msg)
    template.sender = params.get("sender", template.sender)
    if fmt_name is not None:
        template.format = fmt_name.strip().lower()


def handle_templates(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised templates.php request."""
    state = emu.state(TemplatesState)
    if _on(params, "get"):
        rows: list[list[tuple[str, str | int]]] = []
        for t in state.templates.values():
            rows.append([("id", t.id), ("name", t.name), ("format", t.format)])
            rows[-1] += [("sender", t.sender), ("msg", t.msg)]
        return _render(rows, "template", fmt)
    if _on(params, "add"):
        if not params.get("name", "").strip() or not params.get("msg", "").strip():
            raise APIFailure(1, "parameters error")
        template = EmulatedTemplate(state.next_id())
        _fill(template, params)
        state.templates[template.id] = template
        return _added(template.id, fmt)
    if _on(params, "chg"):
        _fill(_find(state, params), params)
    elif _on(params, "del"):
        del state.templates[_find(state, params).id]
    else:
        raise APIFailure(1, "parameters error")
    return _OK[fmt]


def handle_op_templates(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised op_templates.php request."""
    state = emu.state(TemplatesState)
    if _on(params, "get"):
        rows: list[list[tuple[str, str | int]]] = []
        for t in state.operator_templates.values():
            row: list[tuple[str, str | int]] = [("id", t.id), ("sender", t.sender)]
            if fmt != 1:
                row += [(switch, 1) for switch in t.switches]
            rows.append([*row, ("msg", t.msg)])
        return _render(rows, "template", fmt)
    if _on(params, "add"):
        sender, msg = params.get("sender", "").strip(), params.get("msg", "")
        if not sender or not msg.strip():
            raise APIFailure(1, "parameters error")
        switches = tuple(switch for switch in OPERATOR_SWITCHES if _on(params, switch))
        template = EmulatedTemplate(state.next_id(), msg=msg, sender=sender, switches=switches)
        state.operator_templates[template.id] = template
        return _added(template.id, fmt)
    raise APIFailure(1, "parameters error")


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"templates": handle_templates, "op_templates": handle_op_templates}
