"""Hostile replies (issue 12, points 5-7): whatever a server sends, decoding ends in our
own exception, refuses oversized numbers before converting them, and stops reading a
reply once it passes the size cap."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from aiosmsc import APIError, AsyncSMSC, DecodeError, SMSCError, decode
from aiosmsc.decoder.converter import MAX_EXPONENT, MAX_NUMBER_CHARS, structure
from aiosmsc.decoder.document import MAX_REPLY_BYTES
from aiosmsc.models import Balance, SendResult, StatusReport
from aiosmsc.operations import OPERATIONS

pytestmark = pytest.mark.usefixtures("clean_env")

LONG_CODE = "9" * 5000  # past Python's 4,300-digit int conversion limit

# -- point 5: one boundary, our exceptions only ------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, f"ERROR = {LONG_CODE} (boom)"),
        (1, f"0,-{LONG_CODE}"),
        (3, f"ERROR = {LONG_CODE} (boom)"),  # text error to a JSON request
    ],
)
def test_an_endless_error_code_is_a_decode_error(fmt: int, body: str) -> None:
    with pytest.raises(DecodeError, match="error code"):
        decode("balance", body, fmt=fmt)


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (2, f"<result><error>boom</error><error_code>{LONG_CODE}</error_code></result>"),
        (3, f'{{"error": "boom", "error_code": "{LONG_CODE}"}}'),
    ],
)
def test_an_endless_code_in_a_structured_error_stays_an_api_error(fmt: int, body: str) -> None:
    with pytest.raises(APIError) as info:
        decode("balance", body, fmt=fmt)
    assert info.value.code == 0  # an error we cannot number, not a crash


@pytest.mark.parametrize(
    ("operation", "fmt", "body"),
    [
        ("send", 3, '{"id": 1, "cnt": 1, "cost": "1e999999999", "balance": "1.00"}'),
        ("send", 0, "OK - 1 SMS, ID - 1, COST - 1e999999999, BALANCE - 1.00"),
        ("send", 2, "<result><id>1</id><cnt>1</cnt><cost>1e999999999</cost></result>"),
        ("cost", 3, '{"cost": "1e999999999", "cnt": 1}'),
        ("balance", 3, '{"balance": "1e999999999"}'),
        ("balance", 3, '{"balance": "-1e999999999"}'),
        ("balance", 3, '{"balance": "1e-999999999"}'),
    ],
)
def test_an_overflowing_amount_is_a_decode_error(operation: str, fmt: int, body: str) -> None:
    with pytest.raises(DecodeError, match="out of range") as info:
        decode(operation, body, fmt=fmt)
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_no_foreign_exception_is_chained_to_a_decode_error() -> None:
    # orjson's error keeps the whole document (``doc``): it must not stay reachable.
    with pytest.raises(DecodeError) as info:
        decode("balance", '{"balance": "1.00", "psw": "x"', fmt=3)
    assert info.value.__cause__ is None and info.value.__context__ is None


HOSTILE_VALUES = ["1e999999", "1e999999999", "-1e999999", "9" * 5000, "1" + "0" * 64, "NaN"]
FIELDS = ("id", "cnt", "cost", "balance", "status", "err", "time", "last_date", "code", "phone")


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_meets_hostile_numbers_with_our_exceptions(
    operation: str, value: str
) -> None:
    record = ", ".join(f'"{name}": "{value}"' for name in FIELDS)
    for body in (f"{{{record}}}", f"[{{{record}}}]"):
        try:
            result = decode(operation, body, fmt=3, params={"id": "1", "phone": "79990000001"})
        except SMSCError:
            continue
        assert len(repr(result)) < 2 * len(body) + 500  # kept as text or ignored, never expanded


# -- point 6: numbers are bounded before conversion ------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        # 1e99999 as an int is 100,000 digits (0.3 s of CPU); 1e999999 was 36 s.
        ("1e99999", "out of range"),
        ("1E+99999", "out of range"),
        ("1e31", "out of range"),
        ("1" * (MAX_NUMBER_CHARS + 1), "characters"),
        (" " * 10 + "1" * (MAX_NUMBER_CHARS + 1), "characters"),
    ],
)
def test_an_integer_is_refused_before_it_is_expanded(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        structure({"id": "1", "cnt": value}, SendResult)


def test_numbers_within_the_bounds_still_convert() -> None:
    top = "9" * (MAX_EXPONENT + 1)  # 10**31 - 1: the largest integer allowed
    assert structure({"id": "1", "cnt": top}, SendResult).cnt == int(top)
    assert structure({"id": "1", "cnt": "1e3"}, SendResult).cnt == 1000
    assert structure({"id": "1", "cnt": 7.0}, SendResult).cnt == 7
    assert str(structure({"balance": "1 871,62"}, Balance).balance) == "1871.62"
    assert str(structure({"balance": "0.000001"}, Balance).balance) == "0.000001"
    assert structure({"balance": "0E-999999"}, Balance).balance == 0


@pytest.mark.parametrize("value", [1e300, 2**200, "1e300", "99999999999999999999999999"])
def test_out_of_range_timestamps_are_value_errors(value: object) -> None:
    with pytest.raises(ValueError):
        structure({"id": "1", "status": 1, "last_date": value}, StatusReport)


# -- point 7: the size cap holds while reading -----------------------------------------

CHUNK = 1024 * 1024


class CountingStream(httpx.AsyncByteStream):
    """A reply body of ``total`` bytes in 1 MiB chunks that counts what was read."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunk = b" " * CHUNK
        while self.read < self.total:
            self.read += CHUNK
            yield chunk

    async def aclose(self) -> None:
        self.closed = True


class StreamingTransport(httpx.AsyncBaseTransport):
    def __init__(self, stream: CountingStream, headers: dict[str, str] | None = None) -> None:
        self.stream = stream
        self.headers = headers or {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=self.headers, stream=self.stream)


async def balance_through(transport: httpx.AsyncBaseTransport) -> DecodeError:
    async with AsyncSMSC("user", "pw", transport=transport, max_retries=0) as smsc:
        with pytest.raises(DecodeError, match="byte limit") as info:
            await smsc.balance()
    return info.value


async def test_an_endless_reply_is_refused_while_reading() -> None:
    stream = CountingStream(total=2 * MAX_REPLY_BYTES + CHUNK)
    await balance_through(StreamingTransport(stream))
    assert MAX_REPLY_BYTES < stream.read <= MAX_REPLY_BYTES + CHUNK
    assert stream.closed


async def test_a_reply_declaring_too_many_bytes_is_refused_unread() -> None:
    stream = CountingStream(total=300 * CHUNK)
    headers = {"content-length": str(300 * CHUNK)}
    error = await balance_through(StreamingTransport(stream, headers))
    assert stream.read == 0
    assert stream.closed
    assert error.raw == b""


async def test_a_reply_at_the_cap_is_read_whole() -> None:
    stream = CountingStream(total=4 * CHUNK)
    async with AsyncSMSC("user", "pw", transport=StreamingTransport(stream)) as smsc:
        with pytest.raises(DecodeError, match="empty reply"):  # all blanks: read, then judged
            await smsc.balance()
    assert stream.read == 4 * CHUNK
