"""Error envelopes of every fmt, by script, including the real-world variations."""

from __future__ import annotations

import pytest

from aiosmsc import (
    APIError,
    AuthenticationError,
    DecodeError,
    DeleteFailedError,
    InsufficientFundsError,
    InvalidPhoneError,
    InvalidTimeError,
    IPBlockedError,
    MessageDeniedError,
    ParameterError,
    RateLimitedError,
    UndeliverableError,
    decode,
)
from aiosmsc.operations import OPERATIONS

SEND_CLASSES = {
    1: ParameterError,
    2: AuthenticationError,
    3: InsufficientFundsError,
    4: IPBlockedError,
    5: InvalidTimeError,
    6: MessageDeniedError,
    7: InvalidPhoneError,
    8: UndeliverableError,
    9: RateLimitedError,
}


def error_bodies(code: int, text: str, message_id: str | None) -> list[tuple[int, str]]:
    with_id_0 = f", ID - {message_id}" if message_id else ""
    xml_id = f"<id>{message_id}</id>" if message_id else ""
    json_id = f', "id": {message_id}' if message_id else ""
    return [
        (0, f"ERROR = {code} ({text}){with_id_0}"),
        (1, f"{message_id or 0},-{code}"),
        (2, f"<result><error>{text}</error><error_code>{code}</error_code>{xml_id}</result>"),
        (
            2,
            f'<?xml version="1.0" encoding="utf-8"?>\n<result>\n<error>{text}</error>\n'
            f"<error_code>{code}</error_code>{xml_id}</result>\n",
        ),
        (3, f'{{"error": "{text}", "error_code": {code}{json_id}}}'),
        (3, f'{{"error": "{text}", "error_code": "{code}"{json_id}}}'),
    ]


@pytest.mark.parametrize(
    ("code", "error"), [(1, ParameterError), (2, AuthenticationError)], ids=["params", "auth"]
)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_reads_the_error_envelope(
    operation: str, code: int, error: type[APIError]
) -> None:
    """Codes 1 and 2 mean the same to every script; a text error may answer any fmt."""
    text = "some text"
    for fmt, body in [*error_bodies(code, text, None), (3, f"ERROR = {code} ({text})")]:
        with pytest.raises(error) as info:
            decode(operation, body, fmt=fmt, params={"id": "7", "phone": "79990000001"})
        assert (info.value.code, info.value.operation) == (code, operation)


@pytest.mark.parametrize("code", sorted(SEND_CLASSES))
def test_send_error_codes_every_fmt(code: int) -> None:
    message_id = "34" if code in (3, 6, 7, 8) else None
    for fmt, body in error_bodies(code, "some text", message_id):
        with pytest.raises(SEND_CLASSES[code]) as info:
            decode("send", body, fmt=fmt)
        error = info.value
        assert error.code == code
        assert error.id == message_id
        assert error.operation == "send"
        assert error.raw == body
        if fmt != 1:
            assert error.text == "some text"
        else:
            assert error.text  # a default description instead of an empty string


def test_same_code_means_different_things_per_script() -> None:
    with pytest.raises(InvalidTimeError):
        decode("send", "ERROR = 5 (wrong date)", fmt=0)
    with pytest.raises(DeleteFailedError):
        decode("delete", "ERROR = 5 (delete error)", fmt=0, params={"del": 1})
    with pytest.raises(APIError) as info:
        decode("balance", "ERROR = 3 (whatever)", fmt=0)
    assert type(info.value) is APIError


def test_unknown_code_is_a_plain_api_error() -> None:
    with pytest.raises(APIError) as info:
        decode("send", '{"error": "unknown error", "error_code": 15}', fmt=3)
    assert type(info.value) is APIError
    assert info.value.code == 15
    assert "unknown error" in str(info.value)


def test_plain_text_error_in_reply_to_json_request() -> None:
    with pytest.raises(AuthenticationError) as info:
        decode("balance", "ERROR = 2 (authorise error)\n", fmt=3)
    assert info.value.text == "authorise error"


def test_cyrillic_error_text() -> None:
    with pytest.raises(RateLimitedError) as info:
        decode("status", '{"error": "дублирующий запрос", "error_code": 9}', fmt=3)
    assert info.value.text == "дублирующий запрос"
    assert info.value.retryable


def test_error_text_with_parentheses_and_id() -> None:
    with pytest.raises(UndeliverableError) as info:
        decode("send", "ERROR = 8 (can't deliver (operator)), ID - 639", fmt=0)
    assert info.value.text == "can't deliver (operator)"
    assert info.value.id == "639"


def test_error_code_from_status_multi_request() -> None:
    with pytest.raises(RateLimitedError):
        decode("status", "0,-9", fmt=1, params={"id": "1,2", "phone": "79990000001,79990000002"})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"id": 12, "cnt"', "invalid JSON"),
        (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "HTML"),
        (b"<html><body>oops</body></html>", "HTML"),
        (b"<result><id>1</id>", "invalid XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><result><id>&a;</id></result>',
            "invalid XML",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<result><id>&x;</id></result>",
            "invalid XML",
        ),
        (b'{"cnt": "many"}', "send"),
        (b"hello there", "send"),
    ],
)
def test_unreadable_replies_raise_decode_error_with_raw(body: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode("send", body, fmt=3)
    assert reason in str(info.value)
    assert info.value.raw == body or info.value.raw == body[:1024]
    assert info.value.fmt == 3


def test_oversized_reply_is_refused() -> None:
    from aiosmsc.decoder.document import MAX_REPLY_BYTES

    with pytest.raises(DecodeError, match="exceeds"):
        decode("balance", b"1" * (MAX_REPLY_BYTES + 1), fmt=0)


def test_unknown_operation_name() -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        decode("nonexistent", "{}", fmt=3)


def test_bad_fmt() -> None:
    with pytest.raises(ValueError, match="fmt"):
        decode("balance", "1", fmt=4)
