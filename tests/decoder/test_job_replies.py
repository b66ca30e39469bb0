"""jobs.php replies in every plausible shape (none is documented: REFERENCE §7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import APIError, DecodeError, RateLimitedError, decode
from aiosmsc.models.base import MOSCOW
from aiosmsc.models.jobs import Ack, Job, JobAdded, Repeat


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - ID - 1234567"),
        (0, "OK, ID - 1234567"),
        (0, "OK - 1234567"),
        (0, "ID - 1234567"),
        (0, "id = 1234567"),
        (1, "1234567"),
        (1, "1234567\r\n"),
        (2, "<result><id>1234567</id></result>"),
        (2, '<?xml version="1.0" encoding="utf-8"?>\n<result>\n <id>1234567</id>\n</result>'),
        (2, '<result id="1234567"/>'),
        (2, "<job><id>1234567</id></job>"),
        (3, '{"id": 1234567}'),
        (3, '{"id": "1234567"}'),
        (3, '{"job_id": 1234567}'),
        (3, '{"job": {"id": 1234567}}'),
        (3, '[{"id": 1234567}]'),
        (3, "1234567"),
    ],
)
def test_add_reply_gives_the_job_id(fmt: int, body: str) -> None:
    added = decode("jobs.add", body, fmt=fmt)
    assert isinstance(added, JobAdded)
    assert added.id == "1234567"
    assert added.cnt is None and added.cost is None


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - 3 SMS, ID - 77, COST - 4.50, BALANCE - 95.50"),
        (1, "77,3,4.50,95.50"),
        (2, "<result><id>77</id><cnt>3</cnt><cost>4.50</cost><balance>95.50</balance></result>"),
        (3, '{"id": 77, "cnt": "3", "cost": "4.50", "balance": "95.50"}'),
        (3, '{"id": 77, "cnt": 3, "cost": 4.5, "balance": 95.5}'),
    ],
)
def test_add_reply_with_cost(fmt: int, body: str) -> None:
    added = decode("jobs.add", body, fmt=fmt, params={"cost": 3})
    assert added == JobAdded(id="77", cnt=3, cost=Decimal("4.50"), balance=Decimal("95.50"))


def test_add_reply_keeps_unknown_keys() -> None:
    added = decode("jobs.add", '{"id": 5, "phones": 12, "state": "queued"}', fmt=3)
    assert added.extra == {"phones": 12, "state": "queued"}


@pytest.mark.parametrize("body", ["OK", "{}", '{"result": "OK"}', "<result></result>"])
def test_add_reply_without_an_id_cannot_be_read(body: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode("jobs.add", body, fmt=3)
    assert info.value.raw == body


@pytest.mark.parametrize("operation", ["jobs.delete", "jobs.cancel"])
@pytest.mark.parametrize(("body", "result"), [('{"ok": 1}', "1"), ("[]", None)])
def test_change_replies_beyond_the_common_shapes(
    operation: str, body: str, result: str | None
) -> None:
    """``ok`` is a jobs.php spelling of the success word (the common shapes are in
    test_common_replies.py)."""
    assert decode(operation, body, fmt=3, params={"id": 5}) == Ack(result=result)


def test_cancel_reply_with_id_and_count() -> None:
    ack = decode("jobs.cancel", '{"id": "5", "cnt": "12", "stopped": true}', fmt=3)
    assert (ack.id, ack.cnt) == ("5", 12)
    assert ack.extra == {"stopped": True}
    assert decode("jobs.cancel", "OK, ID - 5", fmt=0).id == "5"


FULL_JOB = Job(
    id="1000001",
    name="News, daily",
    status=-1,
    status_name="Waiting",
    phones="79990000001,79990000002",
    mes="Hello",
    sender="NEWS",
    time=dt.datetime(2024, 3, 1, 10, 0, tzinfo=MOSCOW),
    rpt=Repeat.DAILY,
    rptn=2,
    cnt=4,
    cost=Decimal("6.00"),
)


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "id = 1000001, name = News, daily, status = -1, status_name = Waiting, "
            "phones = 79990000001,79990000002, mes = Hello, sender = NEWS, "
            "time = 01.03.2024 10:00:00, rpt = 2, rptn = 2, cnt = 4, cost = 6.00",
        ),
        (
            0,
            "id = 1000001\nname = News, daily\nstatus = -1\nstatus_name = Waiting\n"
            "phones = 79990000001,79990000002\nmes = Hello\nsender = NEWS\n"
            "time = 01.03.2024 10:00\nrpt = 2\nrptn = 2\ncnt = 4\ncost = 6.00",
        ),
        (
            2,
            "<job><id>1000001</id><name>News, daily</name><status>-1</status>"
            "<status_name>Waiting</status_name><phones>79990000001,79990000002</phones>"
            "<mes>Hello</mes><sender>NEWS</sender><time>01.03.2024 10:00:00</time>"
            "<rpt>2</rpt><rptn>2</rptn><cnt>4</cnt><cost>6.00</cost></job>",
        ),
        (
            2,
            '<result><job id="1000001" name="News, daily" status="-1" status_name="Waiting" '
            'phones="79990000001,79990000002" mes="Hello" sender="NEWS" '
            'time="01.03.2024 10:00:00" rpt="2" rptn="2" cnt="4" cost="6.00"/></result>',
        ),
        (
            3,
            '{"id": 1000001, "name": "News, daily", "status": -1, "status_name": "Waiting",'
            ' "phones": "79990000001,79990000002", "mes": "Hello", "sender": "NEWS",'
            ' "time": "01.03.2024 10:00:00", "rpt": 2, "rptn": 2, "cnt": 4, "cost": "6.00"}',
        ),
        (
            3,
            '{"job": {"id": "1000001", "name": "News, daily", "status": "-1",'
            ' "status_name": "Waiting", "phone": "79990000001,79990000002",'
            ' "message": "Hello", "sender": "NEWS", "time": 1709276400, "repeat": "2",'
            ' "rptn": "2", "cnt": "4", "cost": 6}}',
        ),
        (
            3,
            '[{"id": 1000001, "name": "News, daily", "status": -1, "status_name": "Waiting",'
            ' "phones": "79990000001,79990000002", "mes": "Hello", "sender": "NEWS",'
            ' "time": "2024-03-01T10:00:00+03:00", "rpt": 2, "rptn": 2, "cnt": 4,'
            ' "cost": 6.0}]',
        ),
    ],
)
def test_get_reply_every_shape(fmt: int, body: str) -> None:
    job = decode("jobs.get", body, fmt=fmt, params={"id": "1000001"})
    assert job == FULL_JOB
    assert job.extra == {}


def test_get_fmt1_names_only_the_id() -> None:
    job = decode("jobs.get", "1000001,News, daily,-1,Waiting", fmt=1, params={"id": 1000001})
    assert job.id == "1000001"
    assert job.name is None
    assert job.extra["fields"] == ["News", "daily", "-1", "Waiting"]


def test_get_picks_the_requested_job_and_fills_a_missing_id() -> None:
    body = '[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]'
    assert decode("jobs.get", body, fmt=3, params={"id": "2"}).name == "b"
    assert decode("jobs.get", '{"name": "x"}', fmt=3, params={"id": "9"}).id == "9"


def test_get_reply_with_surprises_is_kept_not_fatal() -> None:
    body = (
        '{"id": 5, "status": "active", "rpt": 11, "time": "tomorrow", "cost": "n/a",'
        ' "cnt": "", "owner": {"login": "x"}}'
    )
    job = decode("jobs.get", body, fmt=3)
    assert job.status is None and job.status_name == "active"  # a status given as a word
    assert job.rpt == 11 and not isinstance(job.rpt, Repeat)  # unknown code: plain int
    assert job.time is None and job.cost is None and job.cnt is None
    assert job.extra == {"time_raw": "tomorrow", "cost_raw": "n/a", "owner": {"login": "x"}}


def test_get_unknown_status_word_next_to_a_name_is_kept() -> None:
    job = decode("jobs.get", '{"id": 5, "status": "x", "status_name": "y"}', fmt=3)
    assert (job.status, job.status_name, job.extra) == (None, "y", {"status_raw": "x"})


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "1000001\n1000002"),
        (0, "1000001\r\n1000002\r\n"),
        (0, "id = 1000001\nid = 1000002"),
        (1, "1000001\n1000002"),
        (1, "1000001,a,0\n1000002,b,1"),
        (2, "<result><id>1000001</id><id>1000002</id></result>"),
        (2, "<result><job><id>1000001</id></job><job><id>1000002</id></job></result>"),
        (2, '<result><job id="1000001"/><job id="1000002"/></result>'),
        (2, "<jobs><job>1000001</job><job>1000002</job></jobs>"),
        (3, "[1000001, 1000002]"),
        (3, '["1000001", "1000002"]'),
        (3, '[{"id": 1000001}, {"id": 1000002}]'),
        (3, '{"jobs": [{"id": 1000001}, {"id": 1000002}]}'),
        (3, '{"total": 2, "jobs": [{"id": 1000001}, {"id": 1000002}]}'),
        (3, '{"1000001": {"name": "a"}, "1000002": {"name": "b"}}'),
    ],
)
def test_list_reply_every_shape(fmt: int, body: str) -> None:
    jobs = decode("jobs.list", body, fmt=fmt)
    assert [job.id for job in jobs] == ["1000001", "1000002"]


def test_one_job_in_an_xml_list() -> None:
    (job,) = decode("jobs.list", "<result><job><id>7</id><name>n</name></job></result>", fmt=2)
    assert (job.id, job.name) == ("7", "n")


def test_unknown_error_codes_are_plain_api_errors() -> None:
    with pytest.raises(APIError) as info:
        decode("jobs.get", '{"error": "something new", "error_code": 15}', fmt=3)
    assert type(info.value) is APIError
    assert (info.value.code, info.value.text) == (15, "something new")


def test_not_found_keeps_its_code_and_text() -> None:
    with pytest.raises(APIError) as info:
        decode("jobs.cancel", "ERROR = 3 (job not found)", fmt=0)
    assert (info.value.code, info.value.text) == (3, "job not found")


def test_rate_limit_is_recognised() -> None:
    with pytest.raises(RateLimitedError):
        decode("jobs.list", "ERROR = 9 (too many requests)", fmt=0)
