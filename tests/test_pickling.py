"""Errors and bulk outcomes survive pickling (a process pool, a saved bulk report)."""

from __future__ import annotations

import pickle

import pytest

import aiosmsc.errors as errors
from aiosmsc import BulkOutcome, OutcomeState, Recipient
from aiosmsc.bulk import BulkReport

EXAMPLES: list[errors.SMSCError] = [
    errors.ValidationError("phones: 'x' is not one phone"),
    errors.DecodeError("bad JSON", fmt=3, raw=b"{oops"),
    errors.ReadTimeout("read timeout talking to smsc.ru", host="smsc.ru"),
    errors.HTTPStatusError(502, host="smsc.ru", raw=b"<html>"),
    errors.DeliveryUnknownError("lost", id="abc", phones=("79990000001",)),
    errors.APIError(0, "invalid number", id="abc", operation="send_bulk"),
    errors.api_error_class("send", 7)(7, "invalid number", id="1", operation="send"),
    errors.RateLimitedError(9, "", operation="status"),
    errors.CallbackError("callback JSON body is not an object"),
    errors.CallbackSignatureError("callback signature does not match"),
]


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_errors_round_trip(error: errors.SMSCError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error) and copy.args == error.args
    assert vars(copy) == vars(error)


def test_a_bulk_report_round_trips() -> None:
    recipient = Recipient("79990000001", "hi", options={"sender": "Shop"})
    report = BulkReport()
    report.not_attempted.extend([recipient, Recipient("79990000002", "yo")])
    failed = errors.APIError(0, "invalid number", id="abc", operation="send_bulk")
    report.unreported.append(BulkOutcome(recipient, OutcomeState.FAILED, "abc", None, failed))
    copy = pickle.loads(pickle.dumps(report))
    assert copy.not_attempted == report.not_attempted
    assert copy.unreported[0].reason == "APIError 0"
    assert copy.unreported[0].error.text == "invalid number"  # type: ignore[union-attr]
