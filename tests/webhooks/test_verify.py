"""Signature and token checks: constant-time, optional, and never leaking the secret."""

from __future__ import annotations

import hashlib
import logging
import urllib.parse

import pytest

from aiosmsc.webhooks import (
    CallbackHandler,
    CallbackSignatureError,
    DeliveryReport,
    IncomingMessage,
    StatusFeed,
    sign_callback,
    verify_callback,
)

SECRET = "cb-s3cret-VALUE"
STATUS = {"id": "42", "phone": "79991234567", "status": "1", "err": "0"}
MESSAGE = {"id": "3", "phone": "79990000007", "mes": "Да", "to": "79000000000"}
FORM = "application/x-www-form-urlencoded"


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def test_status_signature_is_sha1_of_id_phone_status_secret() -> None:
    signed = sign_callback(STATUS, SECRET)
    assert signed["sha1"] == _sha1(f"42:79991234567:1:{SECRET}")
    verify_callback(signed, SECRET)


def test_message_signature_is_sha1_of_phone_mes_to_secret() -> None:
    signed = sign_callback(MESSAGE, SECRET, algorithms=("sha1", "md5"))
    assert signed["sha1"] == _sha1(f"79990000007:Да:79000000000:{SECRET}")
    verify_callback(signed, SECRET)


def test_uppercase_hex_is_accepted() -> None:
    signed = sign_callback(STATUS, SECRET, algorithms=("md5",))
    verify_callback({**signed, "md5": signed["md5"].upper()}, SECRET)


@pytest.mark.parametrize(
    "tamper",
    [
        {"status": "20"},  # a covered field changed
        {"sha1": "0" * 40},
        {"sha1": "not hex at all ☃"},
    ],
)
def test_a_bad_signature_is_refused(tamper: dict[str, str]) -> None:
    signed = {**sign_callback(STATUS, SECRET), **tamper}
    with pytest.raises(CallbackSignatureError) as caught:
        verify_callback(signed, SECRET)
    assert SECRET not in str(caught.value)


def test_every_present_hash_must_match() -> None:
    signed = sign_callback(STATUS, SECRET, algorithms=("sha1", "md5"))
    with pytest.raises(CallbackSignatureError, match="md5"):
        verify_callback({**signed, "md5": "0" * 32}, SECRET)


def test_a_wrong_secret_is_refused() -> None:
    with pytest.raises(CallbackSignatureError):
        verify_callback(sign_callback(STATUS, "other"), SECRET)


def test_unsigned_callbacks_pass_only_when_not_required() -> None:
    with pytest.raises(CallbackSignatureError, match="unsigned"):
        verify_callback(STATUS, SECRET)
    verify_callback(STATUS, SECRET, require=False)


async def test_handler_dispatches_and_answers_ok() -> None:
    statuses: list[DeliveryReport] = []
    messages: list[IncomingMessage] = []

    async def on_message(message: IncomingMessage) -> None:  # async hooks are awaited
        messages.append(message)

    handler = CallbackHandler(on_status=statuses.append, on_message=on_message, secret=SECRET)
    body = urllib.parse.urlencode(sign_callback(STATUS, SECRET)).encode()
    assert await handler.handle(body=body, content_type=FORM) == (200, "OK")
    body = urllib.parse.urlencode(sign_callback(MESSAGE, SECRET)).encode()
    assert await handler.handle(body=body, content_type=FORM) == (200, "OK")
    assert [r.id for r in statuses] == ["42"]
    assert [m.mes for m in messages] == ["Да"]


async def test_bad_signature_is_403_logged_without_the_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiosmsc")
    statuses: list[DeliveryReport] = []
    handler = CallbackHandler(on_status=statuses.append, secret=SECRET)
    forged = {**STATUS, "sha1": _sha1("42:79991234567:1:guess")}
    reply = await handler.handle(query=urllib.parse.urlencode(forged))
    assert reply.status == 403
    assert statuses == []
    assert "rejected SMSC callback" in caplog.text
    assert SECRET not in caplog.text
    assert SECRET not in repr(handler)


async def test_token_in_the_url_is_checked_and_not_kept() -> None:
    statuses: list[DeliveryReport] = []
    handler = CallbackHandler(on_status=statuses.append, token="tok-123")
    query = urllib.parse.urlencode({**STATUS, "token": "tok-123"})
    assert (await handler.handle(query=query)).status == 200
    assert "token" not in statuses[0].extra
    assert (await handler.handle(query=urllib.parse.urlencode(STATUS))).status == 403
    wrong = urllib.parse.urlencode({**STATUS, "token": "tok-124"})
    assert (await handler.handle(query=wrong)).status == 403
    assert len(statuses) == 1


async def test_unreadable_callback_is_400() -> None:
    handler = CallbackHandler()
    assert (await handler.handle(query="status=delivered")).status == 400


async def test_unknown_kind_goes_to_on_other_and_is_accepted() -> None:
    seen: list[object] = []
    handler = CallbackHandler(on_other=seen.append)
    assert (await handler.handle(query="phone=7999&ts=1")).status == 200
    assert len(seen) == 1


def test_handler_refuses_an_empty_secret() -> None:
    with pytest.raises(ValueError):
        CallbackHandler(secret="")


class FakeTracker:
    def __init__(self) -> None:
        self.reports: list[DeliveryReport] = []

    def feed(self, report: DeliveryReport) -> bool:
        self.reports.append(report)
        return True


def test_status_feed_fans_out_while_attached() -> None:
    feed = StatusFeed()
    first, second = FakeTracker(), FakeTracker()
    report = DeliveryReport(status=1, id="1", phone="7999")
    feed.attach(first)
    with feed.attached(second) as tracker:
        assert tracker is second
        feed.feed(report)
    feed.feed(report)
    assert len(first.reports) == 2 and len(second.reports) == 1
    feed.detach(first)
    feed.detach(first)  # detaching twice is harmless
    assert len(feed) == 0
