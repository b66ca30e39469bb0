"""smsc.templates and smsc.operator_templates against the emulator in every fmt;
argument validation (nothing sent)."""

from __future__ import annotations

from typing import Any

import pytest

from aiosmsc import AsyncSMSC, ParameterError
from aiosmsc.models.templates import OperatorTemplate, Template
from aiosmsc.operations.templates import TemplateFormat
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.scripts.templates import TemplatesState

from .refusal import refused_before_sending

FMTS = [0, 1, 2, 3]


@pytest.mark.parametrize("fmt", FMTS)
async def test_template_crud(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    assert await smsc.templates.list(fmt=fmt) == []
    first = await smsc.templates.add(
        "greeting", "Hello, {name}! Code: 1, 2, 3", format=TemplateFormat.SMS, fmt=fmt
    )
    second = await smsc.templates.add("promo", "Sale", format="viber", sender="SHOP", fmt=fmt)
    assert first.id is not None and second.id is not None and first.id != second.id

    listed = await smsc.templates.list(fmt=fmt)
    assert listed == [
        Template(id=first.id, name="greeting", msg="Hello, {name}! Code: 1, 2, 3", format="sms"),
        Template(id=second.id, name="promo", msg="Sale", format="viber", sender="SHOP"),
    ]

    changed = await smsc.templates.change(first.id, msg="Hi, {name}", sender="SHOP", fmt=fmt)
    assert changed.id == first.id and changed.result
    stored = emulator.state(TemplatesState).templates[int(first.id)]
    assert (stored.name, stored.msg, stored.sender) == ("greeting", "Hi, {name}", "SHOP")

    deleted = await smsc.templates.delete(second.id, fmt=fmt)
    assert deleted.id == second.id
    (left,) = await smsc.templates.list(fmt=fmt)
    assert (left.id, left.msg, left.sender) == (first.id, "Hi, {name}", "SHOP")

    with pytest.raises(ParameterError) as info:
        await smsc.templates.delete(second.id, fmt=fmt)
    assert info.value.operation == "templates.delete"


@pytest.mark.parametrize("fmt", FMTS)
async def test_extra_params_reach_the_service(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    await smsc.templates.add("t", "text", params={"fl[1]": 1}, fmt=fmt)
    assert emulator.requests[-1][1]["fl[1]"] == "1"
    assert emulator.requests[-1][0] == "templates"


@pytest.mark.parametrize("fmt", FMTS)
async def test_operator_templates(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    assert await smsc.operator_templates.list(fmt=fmt) == []
    added = await smsc.operator_templates.add(
        "SHOP", "Your code: %s, valid 5 min", mts_srv=True, bee_trn=True, fmt=fmt
    )
    assert added.id is not None
    (template,) = await smsc.operator_templates.list(fmt=fmt)
    assert (template.id, template.sender, template.msg) == (
        added.id,
        "SHOP",
        "Your code: %s, valid 5 min",
    )
    if fmt == 1:  # the positional line has no room for the switches
        assert template == OperatorTemplate(
            id=added.id, sender="SHOP", msg="Your code: %s, valid 5 min"
        )
    else:
        assert (template.mts_srv, template.bee_trn, template.mega_srv) == (1, 1, None)
    assert emulator.state(TemplatesState).operator_templates[int(added.id)].switches == (
        "mts_srv",
        "bee_trn",
    )


@pytest.mark.loopback("templates", "op_templates")
async def test_templates_and_operator_templates_do_not_mix(smsc: AsyncSMSC) -> None:
    await smsc.templates.add("t", "text")
    await smsc.operator_templates.add("SHOP", "text", tele2_trn=True)
    assert [t.name for t in await smsc.templates.list()] == ["t"]
    assert [t.sender for t in await smsc.operator_templates.list()] == ["SHOP"]


@pytest.mark.parametrize(
    ("namespace", "call", "args", "kwargs"),
    [
        ("templates", "add", ("", "text"), {}),
        ("templates", "add", ("name", "  "), {}),
        ("templates", "add", ("name", "text"), {"format": "telegram"}),
        ("templates", "add", ("name", "text"), {"sender": 5}),
        ("templates", "add", ("name", "text"), {"params": {"name": "x"}}),
        ("templates", "add", ("name", "text"), {"params": {"format": "fax"}}),
        ("templates", "add", ("name", "text"), {"params": {"psw": "x"}}),
        ("templates", "add", ("name", "text"), {"params": {"fl[1]": True}}),
        ("templates", "change", (5,), {}),
        ("templates", "change", (0,), {"msg": "x"}),
        ("templates", "change", ("no spaces allowed",), {"msg": "x"}),
        ("templates", "delete", (True,), {}),
        ("operator_templates", "add", ("", "text"), {}),
        ("operator_templates", "add", ("SHOP", ""), {}),
        ("operator_templates", "add", ("SHOP", "t"), {"mts_srv": True, "mts_trn": True}),
        ("operator_templates", "add", ("SHOP", "t"), {"bee_srv": 2}),
    ],
)
async def test_invalid_arguments_send_nothing(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    namespace: str,
    call: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    with refused_before_sending(emulator):
        await getattr(getattr(smsc, namespace), call)(*args, **kwargs)


@pytest.mark.parametrize("fmt", FMTS)
async def test_unknown_template_is_refused(smsc: AsyncSMSC, fmt: int) -> None:
    with pytest.raises(ParameterError) as info:
        await smsc.templates.change(999, msg="x", fmt=fmt)
    assert info.value.code == 1 and info.value.operation == "templates.change"
