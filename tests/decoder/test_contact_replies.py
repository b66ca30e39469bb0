"""phones.php replies (contacts, groups, blacklist) in every plausible shape (REFERENCE §8:
none is documented)."""

from __future__ import annotations

import datetime as dt

import pytest

from aiosmsc import DecodeError, RecordsNotFoundError, decode
from aiosmsc.models.contacts import Contact, Group, GroupType
from aiosmsc.models.jobs import Ack

ANNA = Contact(
    id="11",
    phone="79990000001",
    mail="anna@example.com",
    first_name="Anna",
    last_name="Petrova",
    birthday=dt.date(1990, 2, 1),
    myid="crm-17",
    cmt="met at the fair",
    tags=("vip", "moscow"),
    grp=("1", "2"),
)
BORIS = Contact(id="12", phone="79990000002", first_name="Boris")


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "id = 11, phone = 79990000001, mail = anna@example.com, fnm = Anna, lnm = Petrova,"
            " bd = 01.02.1990, myid = crm-17, cmt = met at the fair, tags = vip,moscow,"
            " grp = 1,2\nid = 12, phone = 79990000002, fnm = Boris",
        ),
        (
            2,
            "<result><contact><id>11</id><phone>79990000001</phone>"
            "<mail>anna@example.com</mail><fnm>Anna</fnm><lnm>Petrova</lnm>"
            "<bd>01.02.1990</bd><myid>crm-17</myid><cmt>met at the fair</cmt>"
            "<tags>vip,moscow</tags><grp>1,2</grp></contact>"
            "<contact><id>12</id><phone>79990000002</phone><fnm>Boris</fnm></contact></result>",
        ),
        (
            2,
            '<contacts><contact id="11" phone="79990000001" mail="anna@example.com" fnm="Anna"'
            ' lnm="Petrova" bd="01.02.1990" myid="crm-17" cmt="met at the fair">'
            "<tags><tag>vip</tag><tag>moscow</tag></tags><grp><id>1</id><id>2</id></grp>"
            '</contact><contact id="12" phone="79990000002" fnm="Boris"/></contacts>',
        ),
        (
            3,
            '[{"id": 11, "phone": "79990000001", "mail": "anna@example.com", "fnm": "Anna",'
            ' "lnm": "Petrova", "bd": "01.02.1990", "myid": "crm-17", "cmt": "met at the fair",'
            ' "tags": ["vip", "moscow"], "grp": [1, 2]},'
            ' {"id": "12", "phone": 79990000002, "fnm": "Boris"}]',
        ),
        (
            3,
            '{"contacts": [{"id": "11", "phone": "79990000001", "email": "anna@example.com",'
            ' "fnm": "Anna", "lnm": "Petrova", "birthday": "1990-02-01", "myid": "crm-17",'
            ' "comment": "met at the fair", "tags": "vip, moscow", "groups": "1,2"},'
            ' {"id": "12", "phone": "79990000002", "fnm": "Boris", "mnm": "", "grp": ""}]}',
        ),
        (
            3,
            '{"11": {"phone": "79990000001", "mail": "anna@example.com", "fnm": "Anna",'
            ' "lnm": "Petrova", "bd": "01.02.1990", "myid": "crm-17",'
            ' "cmt": "met at the fair", "tags": ["vip", "moscow"], "grp": ["1", "2"]},'
            ' "12": {"phone": "79990000002", "fnm": "Boris"}}',
        ),
    ],
)
def test_contact_list_every_shape(fmt: int, body: str) -> None:
    contacts = decode("contacts.list", body, fmt=fmt)
    assert contacts == [ANNA, BORIS]
    assert contacts[0].bd == contacts[0].birthday == dt.date(1990, 2, 1)
    assert (contacts[0].fnm, contacts[0].lnm) == ("Anna", "Petrova")
    assert all(contact.extra == {} for contact in contacts)


def test_contact_list_fmt1_names_the_id_and_keeps_the_rest() -> None:
    body = "11,79990000001,Anna,met at the fair, again\n12,79990000002,Boris"
    first, second = decode("contacts.list", body, fmt=1)
    assert (first.id, second.id) == ("11", "12")
    assert first.extra["fields"] == ["79990000001", "Anna", "met at the fair", "again"]


def test_contact_values_the_model_cannot_read_are_kept() -> None:
    body = '[{"id": 1, "phone": "79990000001", "bd": "0000-00-00", "sex": "f", "grp": 3}]'
    (contact,) = decode("contacts.list", body, fmt=3)
    assert contact.bd is None and contact.birthday is None
    assert contact.grp == ("3",)
    assert contact.extra == {"birthday_raw": "0000-00-00", "sex": "f"}


def test_contact_name_is_its_own_field_and_single_xml_row() -> None:
    (contact,) = decode(
        "contacts.list", "<result><contact><name>A B</name></contact></result>", fmt=2
    )
    assert contact.name == "A B" and contact.fio is None and contact.id is None


@pytest.mark.parametrize("operation", ["contacts.add", "groups.add", "blacklist.add"])
@pytest.mark.parametrize(
    ("fmt", "body", "id"),
    [
        (0, "OK, ID - 15", "15"),
        (0, "OK - ID - 15", "15"),
        (0, "OK - 15", "15"),
        (0, "OK", None),
        (0, "id = 15", "15"),
        (1, "15", "15"),
        (2, "<result><id>15</id></result>", "15"),
        (2, '<result id="15"/>', "15"),
        (2, "<result>15</result>", "15"),
        (2, "<result><result>OK</result></result>", None),
        (3, '{"id": 15}', "15"),
        (3, '{"id": "15", "result": "OK"}', "15"),
        (3, '{"contact": {"id": 15}}', "15"),
        (3, '{"result": "OK"}', None),
        (3, "15", "15"),
    ],
)
def test_creation_replies(operation: str, fmt: int, body: str, id: str | None) -> None:
    ack = decode(operation, body, fmt=fmt)
    assert isinstance(ack, Ack)
    assert ack.id == id


@pytest.mark.parametrize(
    "operation",
    [
        "contacts.change",
        "contacts.delete",
        "groups.change",
        "groups.delete",
        "groups.move",
        "blacklist.delete",
    ],
)
@pytest.mark.parametrize(
    ("fmt", "body", "expected"),
    [
        (0, "OK", Ack(result="OK")),
        (0, "OK - 2", Ack(result="2")),
        (1, "1", Ack(result="1")),
        (2, "<result><result>OK</result></result>", Ack(result="OK")),
        (3, '{"result": "OK"}', Ack(result="OK")),
        (3, '{"cnt": 2}', Ack(cnt=2)),
        (3, "[]", Ack()),
    ],
)
def test_change_replies(operation: str, fmt: int, body: str, expected: Ack) -> None:
    assert decode(operation, body, fmt=fmt) == expected


def test_change_reply_keeps_unknown_keys() -> None:
    ack = decode("groups.move", '{"result": "OK", "moved": 3, "result2": null}', fmt=3)
    assert ack.result == "OK"
    assert ack.extra == {"moved": 3, "result2": None}


GROUPS = [
    Group(id="1", name="Friends, close", num="10", type=GroupType.MAIL, cnt=2),
    Group(id="2", name="b", num="1", type=GroupType.PHONES, cnt=0),
]


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "id = 1, name = Friends, close, num = 10, type = 1, cnt = 2\n"
            "id = 2, name = b, num = 1, type = 0, cnt = 0",
        ),
        (
            2,
            "<result><group><id>1</id><name>Friends, close</name><num>10</num><type>1</type>"
            "<cnt>2</cnt></group><group><id>2</id><name>b</name><num>1</num><type>0</type>"
            "<cnt>0</cnt></group></result>",
        ),
        (
            2,
            '<groups><group id="1" name="Friends, close" num="10" type="1" cnt="2"/>'
            '<group id="2" name="b" num="1" type="0" cnt="0"/></groups>',
        ),
        (
            3,
            '[{"id": 1, "name": "Friends, close", "num": 10, "type": 1, "cnt": 2},'
            ' {"id": 2, "name": "b", "num": "1", "type": "0", "cnt": "0"}]',
        ),
        (
            3,
            '{"groups": [{"grp": 1, "name": "Friends, close", "number": 10, "type": 1,'
            ' "count": 2}, {"grp": "2", "name": "b", "num": 1, "type": 0, "count": 0}]}',
        ),
    ],
)
def test_group_list_every_shape(fmt: int, body: str) -> None:
    groups = decode("groups.list", body, fmt=fmt)
    assert groups == GROUPS
    assert groups[0].phones_ref == "G10"


def test_group_list_fmt1_and_unknown_type() -> None:
    (group,) = decode("groups.list", "3,Staff,4,1", fmt=1)
    assert group.id == "3" and group.extra["fields"] == ["Staff", "4", "1"]
    assert decode("groups.list", '{"groups": []}', fmt=3) == []
    (group,) = decode("groups.list", '[{"id": 3, "type": 9, "num": null}]', fmt=3)
    assert group.type == 9 and not isinstance(group.type, GroupType)
    assert group.phones_ref is None


def test_not_found_keeps_code_and_text() -> None:
    with pytest.raises(RecordsNotFoundError) as info:
        decode("contacts.delete", '{"error": "contact not found", "error_code": 3}', fmt=3)
    assert (info.value.code, info.value.text) == (3, "contact not found")


def test_an_html_page_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        decode("contacts.list", "<html><body>502</body></html>", fmt=3)
