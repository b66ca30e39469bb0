"""Checked by mypy --strict with the docs' examples (tests/docs/test_examples.py), never
run: the blocking facade's methods carry the async ones' parameter and result types. Each
wrong call below is an error that its ``type: ignore[...]`` silences; with
``warn_unused_ignores`` a call that stopped being an error fails the check."""

from __future__ import annotations

from collections.abc import Iterator

from aiosmsc import SMSC, Balance, BulkOutcome, HistoryMessage, SendResult, StatusReport
from aiosmsc.bulk import BulkReport
from aiosmsc.models import SenderName
from aiosmsc.sync import BlockingBulkJob, BlockingTracker


def calls(smsc: SMSC) -> None:
    sent: SendResult = smsc.send("79991234567", "Hi", sender="Shop", translit=1, fmt=3)
    one: StatusReport = smsc.status("79991234567", sent.id)
    many: list[StatusReport] = smsc.status([("79991234567", sent.id)], all=1)
    balance: Balance = smsc.balance(cur=True)
    names: list[SenderName] = smsc.senders.list(all=True)
    history: Iterator[HistoryMessage] = smsc.history(limit=10)
    job: BlockingBulkJob = smsc.send_bulk([("79991234567", "Hi")], sender="Shop", batch_size=10)
    outcome: BulkOutcome = next(job)
    report: BulkReport = job.report
    tracker: BlockingTracker = smsc.track([(outcome.phone, sent.id)], poll_interval=5.0)
    view: SMSC = smsc.with_options(max_retries=0)
    del one, many, balance, names, history, report, tracker, view

    smsc.send("79991234567", "Hi", sender=1)  # type: ignore[arg-type]
    smsc.send("79991234567", "Hi", no_such_option=1)  # type: ignore[call-arg]
    smsc.balance(cur="yes")  # type: ignore[arg-type]
    smsc.senders.add()  # type: ignore[call-arg]
    smsc.status(42)  # type: ignore[call-overload]
    smsc.with_options(max_retries="3")  # type: ignore[arg-type]
    bad: int = smsc.balance()  # type: ignore[assignment]
    del bad


def constructed() -> SMSC:
    SMSC(login="demo", max_concurrency="4")  # type: ignore[arg-type]
    SMSC(no_such_argument=1)  # type: ignore[call-arg]
    return SMSC(login="demo", password="secret", host="smsc.kz", max_concurrency=4)
