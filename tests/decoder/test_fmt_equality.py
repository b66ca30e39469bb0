"""The decoder's main property: one logical reply rendered by the emulator in fmt 0, 1, 2
and 3 decodes to equal models (the emulator's renderers are written from the reference,
independently of the decoder)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import matching

from aiosmsc import APIError, decode
from aiosmsc.testing import render
from aiosmsc.testing.render import StatusRow

FMTS = (0, 1, 2, 3)
PROPERTY = settings(max_examples=120, deadline=None)

money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
client_ids = st.one_of(
    st.integers(min_value=1, max_value=2_147_483_647).map(str),
    matching(r"[A-Za-z][A-Za-z0-9._-]{0,39}"),
)
phones = matching(r"7\d{10}")
stamps = st.integers(min_value=1_000_000_000, max_value=2_000_000_000)
# Texts without '=' (fmt=0 labels) or line breaks (line-based formats); commas allowed.
# (All of it encodes to UTF-8: no surrogates are in these categories.)
_alphabet = st.characters(
    categories=("L", "N", "Zs"),
    include_characters=",.!?-:()'\"&<>",
    exclude_characters="=\r\n\x0b\x0c\x85\u2028\u2029\xa0",
)
texts = st.text(_alphabet, max_size=40).filter(lambda s: s == s.strip())
words = texts.filter(lambda s: "," not in s)
statuses = st.sampled_from([-3, -2, -1, 0, 1, 2, 3, 4, 20, 22, 23, 24, 25, 7, 99])
errs = st.sampled_from([0, 1, 6, 11, 12, 13, 21, 200, 219, 220, 237, 255, 150, 999])
digits = matching(r"\d{1,15}")


@st.composite
def status_rows(draw: st.DrawFn) -> StatusRow:
    hlr = draw(st.booleans())
    return StatusRow(
        id=draw(client_ids),
        phone=draw(phones),
        status=draw(statuses),
        err=draw(errs),
        last_timestamp=draw(stamps),
        send_timestamp=draw(stamps),
        cost=draw(money),
        sender="HLR" if hlr else draw(words),
        status_name=draw(words),
        message=draw(texts),
        comment=draw(words),
        type=draw(st.integers(min_value=0, max_value=12)),
        country=draw(words),
        operator=draw(words),
        region=draw(words),
        imsi=draw(digits) if hlr else None,
        msc=draw(digits) if hlr else None,
        mcc=draw(digits) if hlr else None,
        mnc=draw(digits) if hlr else None,
        cn=draw(words) if hlr else None,
        net=draw(words) if hlr else None,
        rcn=draw(st.one_of(st.just(""), words)) if hlr else None,
        rnet=draw(st.one_of(st.just(""), words)) if hlr else None,
    )


def _without_flag(value: Any) -> Any:
    """``flag`` exists only in fmt 2/3 (fmt 0/1 have no field for it), ``comment`` not in
    fmt=1 (the recorded ten-field line ends with the message and one more field)."""
    if isinstance(value, list):
        return [_without_flag(item) for item in value]
    return attrs.evolve(value, flag=None, comment=None)


def _all_equal(results: list[Any]) -> None:
    first = results[0]
    for fmt, other in zip(FMTS[1:], results[1:], strict=True):
        assert other == first, f"fmt={fmt} differs from fmt=0"


@PROPERTY
@given(
    id=client_ids,
    cnt=st.integers(min_value=1, max_value=10_000),
    mode=st.sampled_from([0, 2, 3]),
    cost=money,
    balance=money,
)
def test_send_reply_is_the_same_in_every_fmt(
    id: str, cnt: int, mode: int, cost: Decimal, balance: Decimal
) -> None:
    kwargs: dict[str, Any] = {}
    if mode >= 2:
        kwargs["cost"] = cost
    if mode == 3:
        kwargs["balance"] = balance
    results = [
        decode(
            "send",
            render.render_send(id=id, cnt=cnt, fmt=fmt, **kwargs),
            fmt=fmt,
            params={"id": id, "cost": mode},
        )
        for fmt in FMTS
    ]
    _all_equal(results)
    assert results[0].id == id and results[0].cnt == cnt
    assert results[0].cost == (cost if mode >= 2 else None)


@PROPERTY
@given(cost=money, cnt=st.integers(min_value=1, max_value=10_000))
def test_cost_reply_is_the_same_in_every_fmt(cost: Decimal, cnt: int) -> None:
    results = [decode("cost", render.render_cost(cost=cost, cnt=cnt, fmt=f), fmt=f) for f in FMTS]
    _all_equal(results)
    assert (results[0].cost, results[0].cnt) == (cost, cnt)


@PROPERTY
@given(row=status_rows(), all_=st.sampled_from([0, 1, 2]))
def test_single_status_is_the_same_in_every_fmt(row: StatusRow, all_: int) -> None:
    params = {"phone": row.phone, "id": row.id, "all": all_}
    decoded = [
        decode("status", render.render_status(row, fmt=f, all=all_), fmt=f, params=params)
        for f in FMTS
    ]
    results = [_without_flag(report) for report in decoded]
    _all_equal(results)
    report = results[0]
    assert int(report.status) == row.status and int(report.err) == row.err
    assert int(report.last_timestamp.timestamp()) == row.last_timestamp
    if all_ >= 1:
        assert report.message == (row.message or None)
        assert report.cost == row.cost and report.type == row.type
        assert decoded[3].comment == (row.comment or None)
    if row.imsi is not None:
        assert report.imsi == row.imsi


# Fewer examples than the other properties: each draws up to six rows, and what each row
# decodes to is the single-status property's job; this one is about several rows at once.
@settings(max_examples=40, deadline=None)
@given(rows=st.lists(status_rows(), min_size=1, max_size=6), all_=st.sampled_from([0, 1, 2]))
def test_multi_status_is_the_same_in_every_fmt(rows: list[StatusRow], all_: int) -> None:
    # Requested in the reverse of the reply's order: results follow the request.
    requested = list(reversed(rows))
    ids = [row.id for row in requested]
    if len(set(zip(ids, (row.phone for row in requested), strict=True))) != len(ids):
        return  # duplicate (phone, id) pairs cannot be told apart by any format
    params = {
        "phone": ",".join(row.phone for row in requested) + ",",
        "id": ",".join(ids) + ",",
        "all": all_,
    }
    results = [
        _without_flag(
            decode("status", render.render_status_many(rows, fmt=f, all=all_), fmt=f, params=params)
        )
        for f in FMTS
    ]
    _all_equal(results)
    assert [(r.id, r.phone) for r in results[0]] == [(row.id, row.phone) for row in requested]
    assert [int(r.status) for r in results[0]] == [row.status for row in requested]


@PROPERTY
@given(
    balance=money,
    credit=st.one_of(st.none(), money),
    currency=st.sampled_from(["RUR", "KZT", None]),
)
def test_balance_is_the_same_in_every_fmt(
    balance: Decimal, credit: Decimal | None, currency: str | None
) -> None:
    params = {"cur": 1} if currency else {}
    if not currency and credit is not None:
        credit = None  # credit comes only with cur=1
    results = [
        decode(
            "balance",
            render.render_balance(balance=balance, fmt=f, currency=currency, credit=credit),
            fmt=f,
            params=params,
        )
        for f in FMTS
    ]
    _all_equal(results)
    assert results[0].balance == balance


@PROPERTY
@given(
    code=st.integers(min_value=1, max_value=99),
    text=words.filter(bool),
    message_id=st.one_of(st.none(), st.integers(min_value=1, max_value=10**9).map(str)),
    operation=st.sampled_from(["send", "cost", "status", "balance", "delete"]),
)
def test_errors_are_the_same_in_every_fmt(
    code: int, text: str, message_id: str | None, operation: str
) -> None:
    raised = []
    for fmt in FMTS:
        with pytest.raises(APIError) as info:
            decode(operation, render.render_error(code, text, fmt, id=message_id), fmt=fmt)
        raised.append(info.value)
    assert {type(e) for e in raised} == {type(raised[0])}
    assert {(e.code, e.id, e.operation) for e in raised} == {(code, message_id, operation)}
    assert all(e.text == text for fmt, e in zip(FMTS, raised, strict=True) if fmt != 1)
