"""KeyboardInterrupt during a blocking call cancels the async call before it propagates;
an interrupted send_bulk ends with the report of a cancelled async job."""

from __future__ import annotations

import asyncio
import signal
import threading
from typing import Any

import attrs
import pytest

from aiosmsc import SMSC, BulkReport
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL, client_for
from aiosmsc.testing.plugin import LOGIN, PASSWORD

from .gate import Gate

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "pthread_kill"), reason="needs signal.pthread_kill (POSIX)"
)

ROWS = [(f"7999000000{n}", f"Hi {n}") for n in range(8)]


pytestmark = pytest.mark.usefixtures("sigint_default")


def _interrupt_when(event: threading.Event) -> threading.Thread:
    """Send SIGINT to the main thread (the test's) once ``event`` is set."""
    main = threading.main_thread().ident
    assert main == threading.get_ident(), "pytest runs tests on the main thread"

    def interrupt() -> None:
        if event.wait(timeout=30):
            signal.pthread_kill(main, signal.SIGINT)

    helper = threading.Thread(target=interrupt, daemon=True)
    helper.start()
    return helper


def test_an_interrupted_call_is_cancelled_before_the_interrupt_propagates(
    smsc_emulator: SMSCEmulator,
) -> None:
    gate = Gate(smsc_emulator, lambda form: "cur=1" in form)
    with SMSC(login=LOGIN, password=PASSWORD, host=IN_PROCESS_URL, transport=gate) as smsc:
        helper = _interrupt_when(gate.held)
        with pytest.raises(KeyboardInterrupt):
            smsc.balance(cur=True)
        assert gate.cancelled.is_set()  # the request unwound before the call raised
        helper.join()
        assert smsc.balance().balance > 0  # the client goes on


def _bulk_gate(emulator: SMSCEmulator) -> Gate:
    # The first request (two recipients) is answered; the next two are held.
    return Gate(emulator, lambda form: ROWS[0][0] not in form, count=2)


def _comparable(report: BulkReport) -> dict[str, Any]:
    """The report but its times and the (random) client ids of its requests."""
    fields = attrs.asdict(report, filter=lambda field, _: field.name not in ("started", "finished"))
    fields["unreported"] = [{**o, "client_id": None} for o in fields["unreported"]]
    return fields


def _cancelled_async_job(emulator: SMSCEmulator) -> BulkReport:
    gate = _bulk_gate(emulator)

    async def run() -> BulkReport:
        async with client_for(emulator, host=IN_PROCESS_URL, transport=gate) as smsc:
            job = smsc.send_bulk(ROWS, batch_size=2, concurrency=2)

            async def consume() -> None:
                async with job:
                    async for _ in job:
                        pass

            task = asyncio.create_task(consume())
            await asyncio.to_thread(gate.held.wait, 30)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return job.report

    return asyncio.run(run())


def test_an_interrupted_bulk_job_reports_as_a_cancelled_async_job(
    smsc_emulator: SMSCEmulator,
) -> None:
    expected = _cancelled_async_job(SMSCEmulator(login=LOGIN, password=PASSWORD))
    gate = _bulk_gate(smsc_emulator)
    with SMSC(login=LOGIN, password=PASSWORD, host=IN_PROCESS_URL, transport=gate) as smsc:
        seen = []
        helper = _interrupt_when(gate.held)
        with (
            pytest.raises(KeyboardInterrupt),
            smsc.send_bulk(ROWS, batch_size=2, concurrency=2) as job,
        ):
            for outcome in job:
                seen.append(outcome)
        helper.join()
    assert gate.cancelled.is_set()
    assert [o.ok for o in seen] == [True, True]
    report = job.report
    assert (report.sent, report.unknown, report.requests) == (2, 4, 3)  # 2 were in flight
    assert report.consumed == report.sent + report.unknown + len(report.not_attempted)
    assert report.finished is not None
    assert _comparable(report) == _comparable(expected)
