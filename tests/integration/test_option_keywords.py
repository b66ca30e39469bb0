"""Keyword options of the account-management methods: declared once (a TypedDict), so a
misspelt keyword still fails as Python fails it, before anything is sent."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.testing import SMSCEmulator

Call = Callable[[AsyncSMSC, dict[str, Any]], Awaitable[Any]]

# (what the TypeError names, the call with an extra keyword)
CALLS: list[tuple[str, Call]] = [
    ("contacts.add()", lambda s, kw: s.contacts.add("79990000001", **kw)),
    ("contacts.change()", lambda s, kw: s.contacts.change("79990000001", fnm="A", **kw)),
    ("contacts.list()", lambda s, kw: s.contacts.list(**kw)),
    ("groups.add()", lambda s, kw: s.groups.add("friends", **kw)),
    ("groups.change()", lambda s, kw: s.groups.change(1, name="x", **kw)),
    ("subclients.add()", lambda s, kw: s.subclients.add("bob", "pw", **kw)),
    ("subclients.change()", lambda s, kw: s.subclients.change("bob", fio="Bob", **kw)),
    ("subclients.stats()", lambda s, kw: s.subclients.stats("bob", **kw)),
    ("subclients.stats_all()", lambda s, kw: s.subclients.stats_all(**kw)),
    ("documents.create_invoice()", lambda s, kw: s.documents.create_invoice(10, **kw)),
    ("documents.get_invoice()", lambda s, kw: s.documents.get_invoice(7, **kw)),
    ("documents.get_act()", lambda s, kw: s.documents.get_act(7, **kw)),
    ("history()", lambda s, kw: s.history_page(**kw)),
    ("inbox()", lambda s, kw: s.inbox_page(**kw)),
    ("stats()", lambda s, kw: s.stats(**kw)),
    ("notify_event()", lambda s, kw: s.notify_event("ev", **kw)),
    ("senders.add()", lambda s, kw: s.senders.add("Shop", **kw)),
    ("senders.change()", lambda s, kw: s.senders.change("Shop", cmt="x", **kw)),
    ("templates.add()", lambda s, kw: s.templates.add("t", "text", **kw)),
    ("templates.change()", lambda s, kw: s.templates.change(1, msg="x", **kw)),
    ("operator_templates.add()", lambda s, kw: s.operator_templates.add("Shop", "x", **kw)),
]


@pytest.mark.parametrize(("named", "call"), CALLS, ids=[named for named, _ in CALLS])
async def test_an_unknown_keyword_is_a_type_error(
    smsc: AsyncSMSC, emulator: SMSCEmulator, named: str, call: Call
) -> None:
    message = f"{named} got an unexpected keyword argument 'colour'"
    with pytest.raises(TypeError, match=re.escape(message)):
        await call(smsc, {"colour": "red"})
    assert emulator.requests == []


async def test_a_keyword_of_another_method_is_refused_too(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    # new_phone belongs to change(), not add(); cnt to history_page(), not history()
    with pytest.raises(TypeError, match="'new_phone'"):
        await smsc.contacts.add("79990000001", new_phone="79990000002")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'cnt'"):
        smsc.history(cnt=5)  # type: ignore[call-arg]
    assert emulator.requests == []


def test_the_paging_iterators_check_their_keywords_when_called(smsc: AsyncSMSC) -> None:
    # history, inbox and contacts.iterate are plain methods returning an async iterator:
    # a bad keyword fails at the call, not at the first page.
    with pytest.raises(TypeError, match=r"contacts\.list\(\) got an unexpected keyword"):
        smsc.contacts.iterate(serch="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"history\(\) got an unexpected keyword"):
        smsc.history(phones="79990000001")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"inbox\(\) got an unexpected keyword"):
        smsc.inbox(hours=5)  # type: ignore[call-arg]
