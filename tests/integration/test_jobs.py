"""smsc.jobs against the emulator: every operation in every fmt, jobs that run on the clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from aiosmsc import APIError, AsyncSMSC, Channel, MessageStatus, ValidationError
from aiosmsc.models.base import MOSCOW
from aiosmsc.models.jobs import Ack, Job, Repeat
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.scripts.jobs import JobsState

from .refusal import refused_before_sending

FMTS = [0, 1, 2, 3]
HOUR, DAY = 3600.0, 86400.0
# The emulator's job status codes (the service's table is not documented).
WAITING, SENDING, COMPLETED, STOPPED = -1, 0, 1, -2


def _status(job: Job, fmt: int) -> int:
    """A job's status; fmt=1 names only the id, the emulator puts the status third."""
    if fmt == 1:
        return int(job.extra["fields"][1])
    assert job.status is not None
    return job.status


async def _get_status(smsc: AsyncSMSC, id: str, fmt: int) -> int:
    return _status(await smsc.jobs.get(id, fmt=fmt), fmt)


@pytest.mark.parametrize("fmt", FMTS)
async def test_repeating_job_runs_on_the_clock(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    start = clock.now() + HOUR
    added = await smsc.jobs.add(
        "daily news",
        ["79990000001", "79990000002"],
        "News of the day",
        time=dt.timedelta(hours=1),
        rpt=Repeat.DAILY,
        rptn=2,
        sender="NEWS",
        fmt=fmt,
    )
    assert added.id.isdigit()

    job = await smsc.jobs.get(added.id, fmt=fmt)
    assert job.id == added.id
    assert _status(job, fmt) == WAITING
    if fmt != 1:
        assert job.name == "daily news"
        assert job.rpt is Repeat.DAILY and job.rptn == 2
        assert job.time == dt.datetime.fromtimestamp(start, MOSCOW)
        assert job.mes == "News of the day"
        assert job.extra["created"]  # a key the model does not know is kept
    assert emulator.messages == []

    clock.advance(HOUR + 1)
    assert await _get_status(smsc, added.id, fmt) == SENDING
    first_run = list(emulator.messages)
    assert [(m.phone, m.text, m.sender) for m in first_run] == [
        ("79990000001", "News of the day", "NEWS"),
        ("79990000002", "News of the day", "NEWS"),
    ]
    assert all(m.sent_at == start for m in first_run)
    clock.advance(60)
    assert await _get_status(smsc, added.id, fmt) == WAITING  # the second run is due tomorrow
    report = await smsc.status("79990000001", first_run[0].id, fmt=fmt)
    assert report.status is MessageStatus.DELIVERED

    clock.advance(DAY)
    assert len(emulator.messages) == 2  # runs are made when jobs.php is next asked
    assert await _get_status(smsc, added.id, fmt) == COMPLETED  # rptn=2: two runs
    assert len(emulator.messages) == 4
    assert emulator.messages[2].sent_at == start + DAY
    clock.advance(DAY * 3)
    job = await smsc.jobs.get(added.id, fmt=fmt)
    assert _status(job, fmt) == COMPLETED
    assert len(emulator.messages) == 4  # and no more
    if fmt != 1:
        assert job.cnt == 4
        assert job.cost == Decimal("6.00")
    assert emulator.balance == Decimal("94.00")


@pytest.mark.parametrize("fmt", FMTS)
async def test_cancel_stops_a_job_and_delete_removes_it(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    added = await smsc.jobs.add(
        "hourly", "79990000001", "ping", time=dt.timedelta(minutes=30), rpt=Repeat.HOURLY, fmt=fmt
    )
    clock.advance(HOUR)  # the first run (at +30 min) is made
    ack = await smsc.jobs.cancel(added.id, fmt=fmt)
    assert isinstance(ack, Ack)
    assert ack.id is None
    assert len(emulator.messages) == 1
    assert await _get_status(smsc, added.id, fmt) == STOPPED
    clock.advance(10 * HOUR)
    await smsc.jobs.list(fmt=fmt)  # any jobs.php request would make due runs
    assert len(emulator.messages) == 1

    other = await smsc.jobs.add("later", "79990000002", "x", time="+600", fmt=fmt)
    assert {job.id for job in await smsc.jobs.list(fmt=fmt)} == {added.id, other.id}
    assert isinstance(await smsc.jobs.delete(added.id, fmt=fmt), Ack)
    assert [job.id for job in await smsc.jobs.list(fmt=fmt)] == [other.id]
    for call in (smsc.jobs.get, smsc.jobs.cancel, smsc.jobs.delete):
        with pytest.raises(APIError) as info:
            await call(added.id, fmt=fmt)
        assert info.value.code == 3


@pytest.mark.parametrize("fmt", FMTS)
async def test_list_is_empty_then_filters_by_creation_date(
    smsc: AsyncSMSC, clock: ManualClock, fmt: int
) -> None:
    assert await smsc.jobs.list(fmt=fmt) == []
    first = await smsc.jobs.add("one", "79990000001", "a", time="+60", fmt=fmt)
    clock.advance(3 * DAY)
    second = await smsc.jobs.add("two", "79990000001", "b", time="+60", fmt=fmt)
    day_of_first = dt.datetime.fromtimestamp(clock.now() - 3 * DAY, MOSCOW).date()
    early = await smsc.jobs.list(end=day_of_first, fmt=fmt)
    assert [job.id for job in early] == [first.id]
    late = await smsc.jobs.list(start=day_of_first + dt.timedelta(days=1), fmt=fmt)
    assert [job.id for job in late] == [second.id]
    if fmt in (2, 3):
        assert [job.name for job in late] == ["two"]
    if fmt == 0:  # get_all in fmt=0 lists bare ids
        assert late[0].name is None and late[0].extra == {}


@pytest.mark.loopback("jobs", "phones")
async def test_job_to_a_group_skips_blacklisted_numbers(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock
) -> None:
    group = await smsc.groups.add("clients", num=7)
    assert group.id is not None
    for phone in ("79990000001", "79990000002", "79990000003"):
        await smsc.contacts.add(phone, grp=group.id)
    await smsc.blacklist.add("79990000002")
    await smsc.jobs.add("promo", "G7,79990000009", "Sale!")
    assert [m.phone for m in emulator.messages] == ["79990000001", "79990000003", "79990000009"]
    assert len({m.id for m in emulator.messages}) == 1  # one run, one message id


async def test_personalised_list_and_scheduled_datetime(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock
) -> None:
    when = dt.datetime.fromtimestamp(clock.now(), dt.timezone.utc) + dt.timedelta(days=1)
    when = when.replace(second=0, microsecond=0)
    added = await smsc.jobs.add(
        "codes", list={"79990000001": "code 1", "79990000002": "code 2"}, time=when
    )
    assert (await smsc.jobs.get(added.id)).time == when
    clock.set(when.timestamp())
    emulator.state(JobsState).run_due(emulator)
    assert {(m.phone, m.text) for m in emulator.messages} == {
        ("79990000001", "code 1"),
        ("79990000002", "code 2"),
    }


async def test_a_job_without_money_records_unfunded_messages(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock
) -> None:
    emulator.balance = Decimal("0")
    await smsc.jobs.add("broke", "79990000001", "x")
    clock.advance(60)
    (message,) = emulator.messages
    assert (await smsc.status("79990000001", message.id)).status is MessageStatus(24)
    assert emulator.balance == Decimal("0")


async def test_add_writes_every_parameter(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    when = dt.datetime(2031, 5, 6, 7, 8, tzinfo=dt.timezone.utc)
    await smsc.jobs.add(
        "all of it",
        "79990000001;79990000002",
        "Text",
        sender="SHOP",
        sender2="SHOP2",
        mes2="Fallback",
        channel=Channel.CALL,
        translit=1,
        tinyurl=True,
        time=when,
        period=dt.timedelta(hours=2),
        freq=15,
        valid=dt.timedelta(hours=3, minutes=30),
        subj="Subject",
        cost=3,
        voice="w2",
        param=(20, 60, 3),
        fileurl="https://example.com/a.mp3",
        rpt=Repeat.WEEKLY,
        rptn=4,
        params={"fl[5]": 1},
    )
    script, sent = emulator.requests[-1]
    assert script == "jobs"
    assert sent == {
        "add": "1",
        "name": "all of it",
        "phones": "79990000001,79990000002",
        "mes": "Text",
        "call": "1",
        "sender": "SHOP",
        "sender2": "SHOP2",
        "subj": "Subject",
        "mes2": "Fallback",
        "translit": "1",
        "tinyurl": "1",
        "time": "0605311008",  # Moscow time
        "tz": "0",
        "period": "2",
        "freq": "15",
        "valid": "03:30",
        "cost": "3",
        "voice": "w2",
        "param": "20,60,3",
        "fileurl": "https://example.com/a.mp3",
        "rpt": "5",
        "rptn": "4",
        "fl[5]": "1",
        "fmt": "3",
        "charset": "utf-8",
    }


async def test_channels_and_template(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    await smsc.jobs.add("hex", "79990000001", "0A0B", channel=Channel.BIN_HEX)
    assert emulator.requests[-1][1]["bin"] == "2"
    await smsc.jobs.add("hlr", "79990000001", channel="hlr")  # no text needed
    assert emulator.requests[-1][1]["hlr"] == "1"
    await smsc.jobs.add("tpl", "79990000001", tpl=12)
    assert emulator.requests[-1][1]["tpl"] == "12"
    assert "mes" not in emulator.requests[-1][1]


BAD_ADDS: list[tuple[dict[str, Any], str]] = [
    ({"phones": "79990000001"}, "mes"),
    ({"phones": "79990000001", "mes": "a", "tpl": 3}, "tpl"),
    ({"mes": "a"}, "phones"),
    ({"phones": "7999", "mes": "a", "list": {"79990000001": "x"}}, "list"),
    ({"phones": "79990000001", "mes": "x" * 1001}, "mes"),
    ({"phones": "79990000001", "mes": "a", "rpt": 8}, "rpt"),
    ({"phones": "79990000001", "mes": "a", "rptn": 2}, "rptn"),
    ({"phones": "79990000001", "mes": "a", "rpt": 1, "rptn": 0}, "rptn"),
    ({"phones": "79990000001", "mes": "a", "channel": "pigeon"}, "channel"),
    ({"phones": "79990000001", "mes": "a", "voice": "x"}, "voice"),
    ({"phones": "79990000001", "mes": "a", "param": (1, 2)}, "param"),
    ({"phones": "79990000001", "mes": "a", "param": "1,-2,3"}, "param"),
    ({"phones": "79990000001", "mes": "a", "fileurl": "ftp://x"}, "fileurl"),
    ({"phones": "79990000001", "mes": "a", "period": dt.timedelta(minutes=90)}, "period"),
    ({"phones": "79990000001", "mes": "a", "freq": 0}, "freq"),
    ({"phones": "79990000001", "mes": "a", "cost": 1}, "cost"),
    ({"phones": "79990000001", "mes": "a", "translit": 5}, "translit"),
    ({"phones": "79990000001", "mes": "a", "time": dt.datetime(2030, 1, 1)}, "time"),
    ({"phones": "79990000001", "mes": "a", "tz": 13}, "tz"),
    ({"phones": "79990000001", "mes": "a", "sender": "a\nb"}, "sender"),
    ({"phones": "79990000001", "mes": "a", "params": {"login": "x"}}, "login"),
    ({"phones": "79990000001", "mes": "a", "params": {"rpt": 1}}, "rpt"),
]


@pytest.mark.parametrize(("kwargs", "named"), BAD_ADDS)
async def test_bad_add_is_refused_before_sending(
    smsc: AsyncSMSC, emulator: SMSCEmulator, kwargs: dict[str, Any], named: str
) -> None:
    with refused_before_sending(emulator, named):
        await smsc.jobs.add("name", **kwargs)


async def test_bad_ids_and_dates_are_refused_before_sending(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    with pytest.raises(ValidationError, match="name"):
        await smsc.jobs.add("", "79990000001", "a")
    for call in (smsc.jobs.get, smsc.jobs.cancel, smsc.jobs.delete):
        with pytest.raises(ValidationError, match="id"):
            await call("no such id!")
        with pytest.raises(ValidationError, match="id"):
            await call(0)
    with pytest.raises(ValidationError, match="start"):
        await smsc.jobs.list(start=dt.datetime(2024, 1, 1))  # naive
    with pytest.raises(ValidationError, match="after end"):
        await smsc.jobs.list(start=dt.date(2024, 2, 1), end=dt.date(2024, 1, 1))
    assert emulator.requests == []


async def test_list_dates_are_written_as_moscow_days(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    late_evening_utc = dt.datetime(2024, 1, 31, 22, 30, tzinfo=dt.timezone.utc)
    await smsc.jobs.list(start=dt.date(2024, 1, 5), end=late_evening_utc)
    sent = emulator.requests[-1][1]
    assert (sent["get_all"], sent["start"], sent["end"]) == ("1", "05.01.2024", "01.02.2024")


@pytest.mark.parametrize(
    ("rpt", "first", "expected_days"),
    [
        (Repeat.WORKDAYS, dt.datetime(2023, 11, 17, 10, 0, tzinfo=MOSCOW), [17, 20, 21]),  # Fri
        (Repeat.WEEKENDS, dt.datetime(2023, 11, 17, 10, 0, tzinfo=MOSCOW), [18, 19, 25]),
        (Repeat.MONTHLY, dt.datetime(2024, 1, 31, 10, 0, tzinfo=MOSCOW), [31, 29, 31]),
        (Repeat.YEARLY, dt.datetime(2024, 2, 29, 10, 0, tzinfo=MOSCOW), [29, 28, 28]),
    ],
)
async def test_calendar_repeats(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    clock: ManualClock,
    rpt: Repeat,
    first: dt.datetime,
    expected_days: list[int],
) -> None:
    await smsc.jobs.add("calendar", "79990000001", "hi", time=first, rpt=rpt, rptn=3)
    clock.set(first.timestamp() + 3 * 366 * DAY)
    assert emulator.state(JobsState).run_due(emulator) == 3
    runs = [dt.datetime.fromtimestamp(m.sent_at, MOSCOW) for m in emulator.messages]
    assert [run.day for run in runs] == expected_days
    assert all((run.hour, run.minute) == (10, 0) for run in runs)
    if rpt is Repeat.WORKDAYS:
        assert [run.weekday() for run in runs] == [4, 0, 1]
