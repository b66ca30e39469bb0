"""One rule decides whether a status is final (and delivered); every place that asks agrees.

The places: ``is_final_status``/``is_delivered_status`` (the rule), ``MessageStatus``,
``StatusReport`` and ``DeliveryReport`` (decoded members and plain ints), the delivery
tracker fed a callback, and the emulator, whose messages move -1 -> 0 -> their outcome on
its clock: a status it reports before the outcome must be non-final, the outcome final.
"""

from __future__ import annotations

import pytest

from aiosmsc import AsyncSMSC, MessageStatus, StatusReport
from aiosmsc.models import is_delivered_status, is_final_status
from aiosmsc.testing import STATUS_NAMES, SMSCEmulator
from aiosmsc.testing.plugin import EmulatorKit
from aiosmsc.webhooks import DeliveryReport

NON_FINAL = {-3, -2, -1, 0}
DELIVERED = {1, 2, 4}
# Codes the table does not know (the service may add some): final, never delivered.
UNKNOWN = [-100, -4, 5, 21, 26, 99, 1000]
EVERY_CODE = [int(status) for status in MessageStatus] + UNKNOWN

# Each final code (known and unknown) as the outcome of its own emulated phone.
FINAL_OUTCOMES = {
    f"7999000{index:04d}": code for index, code in enumerate(EVERY_CODE) if code not in NON_FINAL
}


def _as_decoded(code: int) -> MessageStatus | int:
    """What the decoder makes of ``code``: the member when it is known."""
    try:
        return MessageStatus(code)
    except ValueError:
        return code


@pytest.mark.parametrize("code", EVERY_CODE)
def test_every_place_agrees_on_final_and_delivered(code: int) -> None:
    final, delivered = code not in NON_FINAL, code in DELIVERED
    assert is_final_status(code) is final
    assert is_delivered_status(code) is delivered
    for status in {code, _as_decoded(code)}:  # a member, and a plain int built by hand
        assert is_final_status(status) is final
        assert StatusReport(status=status).is_final is final
        assert StatusReport(status=status).is_delivered is delivered
        assert DeliveryReport(status=status).is_final is final
        assert DeliveryReport(status=status).is_delivered is delivered
        if isinstance(status, MessageStatus):
            assert status.is_final is final
            assert status.is_delivered is delivered


@pytest.mark.parametrize("code", EVERY_CODE)
async def test_a_fed_status_resolves_a_tracked_message_only_when_final(
    smsc: AsyncSMSC, code: int
) -> None:
    tracker = smsc.track([("79990000001", "7")], poll=False)
    report = DeliveryReport(status=_as_decoded(code), id="7", phone="79990000001")
    assert tracker.feed(report)
    assert tracker.pending == (0 if is_final_status(code) else 1)


def test_the_emulator_names_exactly_the_known_statuses() -> None:
    # Two tables written from the reference, independently: they must list the same codes.
    assert set(STATUS_NAMES) == {int(status) for status in MessageStatus}


@pytest.mark.smsc_emulator(
    failing_numbers={phone: (code, 0) for phone, code in FINAL_OUTCOMES.items()},
    enforce_limits=False,
    queue_delay=1.0,
    delivery_delay=5.0,
)
async def test_emulated_statuses_are_final_exactly_from_their_outcome_on(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator, smsc_kit: EmulatorKit
) -> None:
    sent = await smsc.send(list(FINAL_OUTCOMES), "hi")
    pairs = [(phone, sent.id) for phone in FINAL_OUTCOMES]
    seen: list[int] = []
    for _ in range(2):  # waiting, then transferred to the operator
        reports = await smsc.status(pairs)
        assert not any(report.is_final for report in reports)
        seen.extend(int(report.status) for report in reports)
        smsc_kit.advance(smsc_emulator.queue_delay)
    assert set(seen) == {-1, 0}
    smsc_kit.settle()
    reports = await smsc.status(pairs)
    assert {report.phone: int(report.status) for report in reports} == FINAL_OUTCOMES
    assert all(report.is_final for report in reports)
