"""Blank texts and strings that are no phone number are refused before sending, in single
sends and per recipient in bulk jobs (where the others still go)."""

from __future__ import annotations

import pytest

from aiosmsc import AsyncSMSC, OutcomeState, ValidationError
from aiosmsc.testing import SMSCEmulator

pytestmark = pytest.mark.smsc_emulator(enforce_limits=False)


@pytest.mark.parametrize(
    ("phones", "mes", "named"),
    [("79990000001", "", "mes"), ("79990000001", "   ", "mes"), ("not-a-phone", "hi", "phones")],
)
async def test_cost_refuses_them_too(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator, phones: str, mes: str, named: str
) -> None:
    with pytest.raises(ValidationError, match=named):
        await smsc.cost(phones, mes)
    assert smsc_emulator.ledger.messages == []


async def test_in_bulk_only_the_blank_or_bad_recipients_fail(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [("79990000001", "Hi"), ("79990000002", "  "), ("no phone", "Hi"), ("79990000003", "Hi")]
    async with smsc.send_bulk(rows) as job:
        outcomes = {outcome.recipient.phone: outcome async for outcome in job}
    assert {phone: o.state for phone, o in outcomes.items()} == {
        "79990000001": OutcomeState.SENT,
        "79990000002": OutcomeState.FAILED,
        "no phone": OutcomeState.FAILED,
        "79990000003": OutcomeState.SENT,
    }
    assert all(
        isinstance(outcomes[phone].error, ValidationError) for phone in ("79990000002", "no phone")
    )
    assert sorted(m.phone for m in smsc_emulator.ledger.messages) == ["79990000001", "79990000003"]
