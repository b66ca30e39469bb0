"""smsc.contacts, smsc.groups and smsc.blacklist against the emulator, in every fmt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aiosmsc import APIError, AsyncSMSC, ParameterError, RecordsNotFoundError
from aiosmsc.models.contacts import Contact, Group, GroupType
from aiosmsc.operations.contacts_groups import MoveMode
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.scripts.phones import PhonesState

from .refusal import refused_before_sending

FMTS = [0, 1, 2, 3]


def _ids(items: list[Contact] | list[Group]) -> list[str | None]:
    return [item.id for item in items]


@pytest.mark.parametrize("fmt", FMTS)
async def test_contact_life_cycle(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    group = await smsc.groups.add("friends", fmt=fmt)
    assert group.id == "1"
    added = await smsc.contacts.add(
        "+7 999 000-00-01",
        fnm="Anna",
        lnm="Petrova",
        bd=dt.date(1990, 2, 1),
        myid="crm-17",
        cmt="met at the fair",
        tags=["vip", "moscow"],
        grp=group.id,
        fmt=fmt,
    )
    assert added.id == "1"
    await smsc.contacts.add(mail="boris@example.com", fio="Boris B.", fmt=fmt)

    anna, boris = await smsc.contacts.list(fmt=fmt)
    assert (anna.id, boris.id) == ("1", "2")
    if fmt != 1:  # fmt=1 names only the id; the rest stays in extra["fields"]
        assert anna.phone == "79990000001"
        assert (anna.fnm, anna.lnm, anna.myid) == ("Anna", "Petrova", "crm-17")
        assert anna.cmt == "met at the fair"
        assert anna.birthday == dt.date(1990, 2, 1)
        assert anna.tags == ("vip", "moscow")
        assert anna.grp == ("1",)
        assert (boris.phone, boris.mail, boris.fio) == (None, "boris@example.com", "Boris B.")
    else:
        assert anna.extra["fields"][0] == "79990000001"

    changed = await smsc.contacts.change(
        "79990000001", new_phone="79990000011", cmt="", tags="vip", fmt=fmt
    )
    assert changed.id is None
    book = emulator.state(PhonesState)
    assert book.contacts[1].phone == "79990000011"
    assert book.contacts[1].tags == ["vip"]
    assert book.contacts[1].fields["cmt"] == ""

    await smsc.contacts.delete("79990000011", fmt=fmt)
    await smsc.contacts.delete(mail="boris@example.com", fmt=fmt)
    assert await smsc.contacts.list(fmt=fmt) == []  # error 3, "no records found"
    with pytest.raises(RecordsNotFoundError) as info:
        await smsc.contacts.delete("79990000011", fmt=fmt)
    assert info.value.code == 3


@pytest.mark.parametrize("fmt", FMTS)
async def test_iterate_pages_with_after_id(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    emulator.state(PhonesState).page_size = 2
    for n in range(1, 6):
        await smsc.contacts.add(f"7999000000{n}", fnm=f"Name{n}", fmt=fmt)
    emulator.requests.clear()

    seen = [contact.id async for contact in smsc.contacts.iterate(fmt=fmt)]
    assert seen == ["1", "2", "3", "4", "5"]
    cursors = [params.get("after_id") for _, params in emulator.requests]
    assert cursors == [None, "2", "4", "5"]  # the last page is empty

    assert _ids(await smsc.contacts.list(after_id=3, fmt=fmt)) == ["4", "5"]
    tail = [contact.id async for contact in smsc.contacts.iterate(after_id="3", fmt=fmt)]
    assert tail == ["4", "5"]


@pytest.mark.parametrize("fmt", FMTS)
async def test_search_and_group_filters(smsc: AsyncSMSC, fmt: int) -> None:
    vip = await smsc.groups.add("vip", fmt=fmt)
    assert vip.id is not None
    await smsc.contacts.add("79990000001", fnm="Anna", grp=vip.id, fmt=fmt)
    await smsc.contacts.add("79990000002", fnm="Boris", fmt=fmt)
    await smsc.contacts.add("79990000003", fnm="Joanna", grp=[vip.id], fmt=fmt)
    assert _ids(await smsc.contacts.list(search="ANNA", fmt=fmt)) == ["1", "3"]
    assert _ids(await smsc.contacts.list(grp=vip.id, fmt=fmt)) == ["1", "3"]
    found = [c.id async for c in smsc.contacts.iterate(search="boris", fmt=fmt)]
    assert found == ["2"]


@pytest.mark.parametrize("fmt", FMTS)
async def test_groups_and_moves(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    added = [
        await smsc.groups.add("a", num=10, type=GroupType.MAIL, fmt=fmt),
        await smsc.groups.add("b", fmt=fmt),
    ]
    assert [group.id for group in added] == ["1", "2"]
    a, b = "1", "2"
    await smsc.contacts.add("79990000001", grp=a, fmt=fmt)
    await smsc.contacts.add("79990000002", grp=a, fmt=fmt)

    groups = await smsc.groups.list(fmt=fmt)
    assert _ids(groups) == ["1", "2"]
    if fmt != 1:
        first, second = groups
        assert (first.name, first.num, first.type, first.cnt) == ("a", "10", GroupType.MAIL, 2)
        assert first.phones_ref == "G10"
        assert (second.num, second.type, second.cnt) == ("1", GroupType.PHONES, 0)

    book = emulator.state(PhonesState)
    await smsc.groups.move(["79990000001"], b, mode=MoveMode.COPY, fmt=fmt)
    assert book.contacts[1].groups == {1, 2}
    await smsc.groups.move("79990000001,79990000002", b, fmt=fmt)  # MOVE by default
    assert book.contacts[1].groups == book.contacts[2].groups == {2}
    await smsc.groups.move("79990000002", b, mode=MoveMode.REMOVE, fmt=fmt)
    assert book.contacts[2].groups == set()
    assert emulator.requests[-1][1]["move_group"] == "3"

    await smsc.groups.change(b, name="bee", num=20, type=2, fmt=fmt)
    assert (book.groups[2].name, book.groups[2].num, book.groups[2].type) == ("bee", 20, 2)
    with pytest.raises(ParameterError):  # the number is taken
        await smsc.groups.change(b, num=10, fmt=fmt)
    await smsc.groups.delete(a, fmt=fmt)
    assert _ids(await smsc.groups.list(fmt=fmt)) == ["2"]
    with pytest.raises(APIError) as info:
        await smsc.groups.delete(a, fmt=fmt)
    assert info.value.code == 3


@pytest.mark.parametrize("fmt", FMTS)
async def test_blacklist(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    book = emulator.state(PhonesState)
    ack = await smsc.blacklist.add(["79990000001", "+79990000002"], fmt=fmt)
    assert ack.id == "1"  # the new entry's id, in every fmt (fmt=1: the bare id)
    assert book.is_blacklisted("+7 999 000-00-01") and book.is_blacklisted("79990000002")
    assert (await smsc.blacklist.add("79990000002", fmt=fmt)).id == "2"  # already there
    await smsc.blacklist.delete("79990000001", fmt=fmt)
    assert book.blacklist == {"79990000002": 2}
    with pytest.raises(APIError) as info:
        await smsc.blacklist.add("not-a-phone", fmt=fmt)
    assert info.value.code == 7


@pytest.mark.parametrize("fmt", FMTS)
async def test_service_refusals(smsc: AsyncSMSC, fmt: int) -> None:
    await smsc.contacts.add("79990000001", fmt=fmt)
    with pytest.raises(ParameterError):
        await smsc.contacts.add("79990000001", fmt=fmt)  # already in the book
    with pytest.raises(APIError) as info:
        await smsc.contacts.change("79990000009", fnm="X", fmt=fmt)
    assert info.value.code == 3
    with pytest.raises(APIError) as info:
        await smsc.contacts.add("79990000002", grp=99, fmt=fmt)
    assert info.value.code == 3
    with pytest.raises(APIError) as info:
        await smsc.groups.move("79990000001", 99, fmt=fmt)
    assert info.value.code == 3


BAD_CALLS: list[tuple[str, str, dict[str, Any], str]] = [
    ("contacts", "add", {}, "phone"),
    ("contacts", "add", {"phone": "7999,7998"}, "phone"),
    ("contacts", "add", {"phone": "79990000001", "fnm": "a\nb"}, "fnm"),
    ("contacts", "add", {"phone": "79990000001", "bd": "01.02.1990"}, "bd"),
    ("contacts", "add", {"phone": "79990000001", "bd": dt.datetime(1990, 2, 1)}, "bd"),
    ("contacts", "add", {"phone": "79990000001", "grp": "x y"}, "grp"),
    ("contacts", "add", {"phone": "79990000001", "tags": [1]}, "tags"),
    ("contacts", "add", {"phone": "79990000001", "myid": 1.5}, "myid"),
    ("contacts", "add", {"phone": "79990000001", "params": {"add": 1}}, "add"),
    ("contacts", "add", {"phone": "79990000001", "params": {"psw": "x"}}, "psw"),
    ("contacts", "change", {"phone": "79990000001"}, "nothing to change"),
    ("contacts", "change", {"new_phone": "79990000002"}, "phone"),
    ("contacts", "delete", {}, "phone"),
    ("contacts", "list", {"search": ""}, "search"),
    ("contacts", "list", {"after_id": 1.0}, "after_id"),
    ("contacts", "list", {"grp": "a b"}, "grp"),
    ("groups", "add", {"name": " "}, "name"),
    ("groups", "add", {"name": "g", "num": 0}, "num"),
    ("groups", "add", {"name": "g", "type": 3}, "type"),
    ("groups", "change", {"grp": 1}, "nothing to change"),
    ("groups", "change", {"grp": "", "name": "x"}, "grp"),
    ("groups", "delete", {"grp": "bad id!"}, "grp"),
    ("groups", "move", {"phones": [], "grp": 1}, "phone"),
    ("groups", "move", {"phones": "79990000001", "grp": 1, "mode": 4}, "mode"),
    ("blacklist", "add", {"phones": ""}, "phone"),
    ("blacklist", "delete", {"phones": ["7999,7998"]}, "phone"),
]


@pytest.mark.parametrize(("area", "method", "kwargs", "named"), BAD_CALLS)
async def test_bad_calls_are_refused_before_sending(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    area: str,
    method: str,
    kwargs: dict[str, Any],
    named: str,
) -> None:
    call = getattr(getattr(smsc, area), method)
    with refused_before_sending(emulator, named):
        await call(**kwargs)


async def test_contact_wire_parameters(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    await smsc.groups.add("g1")
    await smsc.groups.add("g2")
    emulator.requests.clear()
    await smsc.contacts.add(
        "79990000001",
        mail="a@example.com",
        fnm="A",
        lnm="B",
        mnm="C",
        fio="B A C",
        bd=dt.datetime(1990, 2, 1, 22, 0, tzinfo=dt.timezone.utc),
        myid=42,
        cmt="note",
        tags=("x", "y"),
        grp=[1, "2"],
        params={"pho": "1"},
    )
    script, sent = emulator.requests[-1]
    assert script == "phones"
    assert sent == {
        "add": "1",
        "phone": "79990000001",
        "mail": "a@example.com",
        "fnm": "A",
        "lnm": "B",
        "mnm": "C",
        "fio": "B A C",
        "bd": "02.02.1990",  # the Moscow date of that instant
        "myid": "42",
        "cmt": "note",
        "tags": "x,y",
        "grp": "1,2",
        "pho": "1",
        "fmt": "3",
        "charset": "utf-8",
    }
    await smsc.contacts.list(search="A", grp=1, after_id=7)
    assert emulator.requests[-1][1] == {
        "get": "1",
        "search": "A",
        "grp": "1",
        "after_id": "7",
        "fmt": "3",
        "charset": "utf-8",
    }


@pytest.mark.parametrize(
    ("pages", "expected", "requests"),
    [
        # A service that ignores after_id: the second page repeats the first.
        (['[{"id": 1}, {"id": 2}]'], ["1", "2"], 2),
        # Ids that are not numbers: paging stops when a last id comes back.
        (['[{"id": "a"}, {"id": "b"}]', '[{"id": "c"}]', '[{"id": "b"}]'], ["a", "b", "c", "b"], 3),
        # Rows without ids cannot be paged: one page only.
        (['[{"phone": "79990000001"}]'], [None], 1),
        # The usual end: an empty page (an empty body in fmt 0/1).
        (['[{"id": 1}]', ""], ["1"], 2),
    ],
)
async def test_iterate_never_loops(
    recorder: Any, pages: list[str], expected: list[str | None], requests: int
) -> None:
    rec = recorder(*pages)
    async with AsyncSMSC(login="a", password="b", transport=rec.transport) as smsc:
        ids = [contact.id async for contact in smsc.contacts.iterate()]
    assert ids == expected
    assert len(rec.requests) == requests
