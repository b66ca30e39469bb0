"""Replies of users.php (sub-clients) and documents.php (invoices, acts), in every
plausible shape, including downloads that are files rather than API replies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import APIError, AuthenticationError, ParameterError, decode
from aiosmsc.models.accounts import DocumentFile, Invoice, SubclientStats, SubclientType
from aiosmsc.models.data import ActionResult

MSK = dt.timezone(dt.timedelta(hours=3))


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK, ID - 1001"),
        (0, "OK - ID - 1001"),
        (1, "1001"),
        (2, "<result><result>OK</result><id>1001</id></result>"),
        (2, "<result><id>1001</id></result>"),
        (3, '{"result": "OK", "id": 1001}'),
        (3, '{"id": "1001"}'),
    ],
)
def test_add_subclient_returns_the_id(fmt: int, body: str) -> None:
    assert decode("subclients.add", body, fmt=fmt).id == "1001"


@pytest.mark.parametrize(
    ("fmt", "body"),
    [(0, "OK"), (1, "1"), (2, "<result><result>OK</result></result>"), (3, '{"result": "OK"}')],
)
def test_change_subclient_ok(fmt: int, body: str) -> None:
    result = decode("subclients.change", body, fmt=fmt)
    assert isinstance(result, ActionResult)
    assert result.result in ("OK", "1")


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK, BALANCE - 87.50"),
        (1, "1,87.50"),
        (2, "<result><result>OK</result><balance>87.50</balance></result>"),
        (3, '{"result": "OK", "balance": "87.50"}'),
        (3, '{"result": "OK", "balance": 87.5}'),
    ],
)
def test_pay_reports_the_balance_left(fmt: int, body: str) -> None:
    assert decode("subclients.pay", body, fmt=fmt).balance == Decimal("87.50")


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK"),
        (1, "1"),
        (3, '{"result": "OK"}'),
        (3, ""),
    ],
)
def test_pay_without_a_balance(fmt: int, body: str) -> None:
    assert decode("subclients.pay", body, fmt=fmt).balance is None


STATS = {
    "json": (
        3,
        '[{"user": "bob", "id": 1001, "type": 0, "balance": "5.00", "paid": "5.00", "cnt": 3,'
        ' "cost": "4.50"}, {"user": "amy", "id": 1002, "type": 2, "balance": "0.00",'
        ' "paid": "0.00", "cnt": 0, "cost": "0.00"}]',
    ),
    "json other names": (
        3,
        '{"users": [{"login": "bob", "user_id": "1001", "type": "0", "balance": 5, "paid": 5,'
        ' "sms": "3", "sum": "4.5"}, {"login": "amy", "user_id": "1002", "type": "2",'
        ' "balance": 0, "paid": 0, "sms": 0, "sum": 0}]}',
    ),
    "xml": (
        2,
        '<result><user user="bob" id="1001" type="0" balance="5.00" paid="5.00" cnt="3"'
        ' cost="4.50"/><user><user>amy</user><id>1002</id><type>2</type><balance>0.00</balance>'
        "<paid>0.00</paid><cnt>0</cnt><cost>0.00</cost></user></result>",
    ),
    "fmt0": (
        0,
        "user = bob, id = 1001, type = 0, balance = 5.00, paid = 5.00, cnt = 3, cost = 4.50\n"
        "user = amy, id = 1002, type = 2, balance = 0.00, paid = 0.00, cnt = 0, cost = 0.00",
    ),
    "fmt1": (1, "bob,1001,0,5.00,5.00,3,4.50\namy,1002,2,0.00,0.00,0,0.00"),
}


@pytest.mark.parametrize("case", list(STATS))
@pytest.mark.parametrize("operation", ["subclients.stats", "subclients.stats_all"])
def test_subclient_stats_shapes(operation: str, case: str) -> None:
    fmt, body = STATS[case]
    bob, amy = decode(operation, body, fmt=fmt)
    assert bob == SubclientStats(
        user="bob",
        id="1001",
        type=SubclientType.OWN,
        balance=Decimal("5"),
        paid=Decimal("5"),
        cnt=3,
        cost=Decimal("4.5"),
    )
    assert amy.user == "amy" and amy.type is SubclientType.MAIN and amy.balance == 0


def test_subclient_stats_unknown_type_and_keys_are_kept() -> None:
    (row,) = decode("subclients.stats", '[{"user": "x", "type": 9, "tariff": 3}]', fmt=3)
    assert row.type == 9 and type(row.type) is int
    assert row.extra == {"tariff": 3}


def test_subclient_stats_empty() -> None:
    assert decode("subclients.stats_all", "", fmt=0) == []
    assert decode("subclients.stats_all", "[]", fmt=3) == []


@pytest.mark.parametrize(
    ("fmt", "body", "error"),
    [
        (0, "ERROR = 1 (parameters error)", ParameterError),
        (1, "0,-2", AuthenticationError),
        (
            2,
            "<result><error>parameters error</error><error_code>1</error_code></result>",
            ParameterError,
        ),
        (3, '{"error": "no money", "error_code": 3}', APIError),
    ],
)
@pytest.mark.parametrize(
    "operation",
    ["subclients.add", "subclients.pay", "subclients.stats_all", "documents.create_invoice"],
)
def test_account_errors(operation: str, fmt: int, body: str, error: type[APIError]) -> None:
    with pytest.raises(error) as info:
        decode(operation, body, fmt=fmt)
    assert info.value.operation == operation


INVOICE = Invoice(
    id="7",
    num="INV-00007",
    sum=Decimal("10.50"),
    date=dt.datetime(2020, 10, 10, tzinfo=MSK),
)


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '{"id": 7, "num": "INV-00007", "sum": "10.50", "date": "10.10.2020"}'),
        (3, '{"account": "7", "num": "INV-00007", "amount": 10.5, "date": "10.10.2020"}'),
        (
            2,
            "<result><id>7</id><num>INV-00007</num><sum>10.50</sum><date>10.10.2020</date>"
            "</result>",
        ),
        (0, "id = 7, num = INV-00007, sum = 10.50, date = 10.10.2020"),
        (1, "7,INV-00007,10.50,10.10.2020"),
    ],
)
def test_invoice_shapes(fmt: int, body: str) -> None:
    assert decode("documents.create_invoice", body, fmt=fmt) == INVOICE


def test_invoice_minimal_replies() -> None:
    assert decode("documents.create_invoice", "7", fmt=1).id == "7"
    assert decode("documents.create_invoice", "OK, ID - 7", fmt=0).id == "7"
    link = decode("documents.create_invoice", '{"id": 7, "url": "https://x/7.pdf"}', fmt=3)
    assert link.link == "https://x/7.pdf"


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.mark.parametrize("operation", ["documents.get_invoice", "documents.get_act"])
@pytest.mark.parametrize("fmt", [0, 1, 2, 3])
def test_pdf_download_comes_back_as_bytes(operation: str, fmt: int) -> None:
    document = decode(operation, PDF, fmt=fmt, params={"get_account": 1, "id": "7"})
    assert isinstance(document, DocumentFile)
    assert document.content == PDF
    assert document.content_type == "application/pdf"
    kind = "invoice" if operation.endswith("invoice") else "act"
    assert document.filename == f"{kind}-7.pdf"
    assert document.link is None
    assert "bytes" in repr(document) and "%PDF" not in repr(document)


@pytest.mark.parametrize(
    ("body", "content_type", "suffix"),
    [
        (b"PK\x03\x04zipped", "application/zip", ".zip"),
        (b"{\\rtf1 invoice}", "application/rtf", ".rtf"),
        (b"<!DOCTYPE html><html><body>Act</body></html>", "text/html", ".html"),
        (b"\x00\x01binary", "application/octet-stream", ".bin"),
        (b"plain text invoice\nline two", "text/plain", ".txt"),
    ],
)
def test_other_files_are_bytes_too(body: bytes, content_type: str, suffix: str) -> None:
    document = decode("documents.get_act", body, fmt=3, params={"num": "A/1"})
    assert document.content == body
    assert document.content_type == content_type
    assert document.filename == f"act-A_1{suffix}"


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '{"link": "https://smsc.ru/files/7.pdf"}'),
        (3, '{"url": "https://smsc.ru/files/7.pdf", "expires": "10.10.2020"}'),
        (2, "<result><file>https://smsc.ru/files/7.pdf</file></result>"),
        (0, "link = https://smsc.ru/files/7.pdf"),
        (1, "https://smsc.ru/files/7.pdf"),
    ],
)
def test_download_answered_with_a_link(fmt: int, body: str) -> None:
    document = decode("documents.get_invoice", body, fmt=fmt, params={"id": "7"})
    assert document.content is None
    assert document.link == "https://smsc.ru/files/7.pdf"


def test_download_link_reply_keeps_other_keys() -> None:
    body = '{"url": "https://smsc.ru/files/7.pdf", "expires": "10.10.2020"}'
    assert decode("documents.get_invoice", body, fmt=3).extra == {"expires": "10.10.2020"}


def test_download_of_a_text_body_given_as_str() -> None:
    document = decode("documents.get_invoice", "%PDF-1.4 tiny", fmt=3)
    assert document.content == b"%PDF-1.4 tiny"
    assert document.filename == "invoice.pdf"
