"""Whatever bytes come back, in any fmt, decoding ends in DecodeError or APIError."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiosmsc import APIError, DecodeError, decode
from aiosmsc.operations import OPERATIONS

PARAMS = [
    {},
    {"all": 1},
    {"all": 2},
    {"cost": 3},
    {"cur": 1},
    {"phone": "79990000001,79990000002", "id": "1,2"},
]

# Bodies that look like replies are likelier to reach deep code than uniform noise.
fragments = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"id"',
        b'"cnt"',
        b'"status"',
        b'"error_code"',
        b":",
        b",",
        b"1",
        b"-3",
        b"1.5",
        b'"x"',
        b"null",
        b"<result>",
        b"</result>",
        b"<sms>",
        b"</sms>",
        b"<id>",
        b"</id>",
        b"OK - ",
        b" SMS, ID - ",
        b"ERROR = ",
        b"Status = ",
        b"\n",
        b" = ",
        b"\xff",
        b"\xd0\x9f",
        b"<!DOCTYPE x>",
        b"&lt;",
        b"<?xml version='1.0'?>",
    ]
)
bodies = st.one_of(st.binary(max_size=300), st.lists(fragments, max_size=40).map(b"".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(sorted(OPERATIONS)),
    fmt=st.sampled_from([0, 1, 2, 3]),
    params=st.sampled_from(PARAMS),
    body=bodies,
)
def test_any_body_decodes_or_raises_a_typed_error(
    operation: str, fmt: int, params: dict[str, object], body: bytes
) -> None:
    with contextlib.suppress(DecodeError, APIError):
        decode(operation, body, fmt=fmt, params=params)
