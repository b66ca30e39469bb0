"""Replies that every script shares: an empty list and the short success word (the error
envelope is in test_errors.py). One table of bodies each, checked against every operation that can get
them (the per-script modules test only what is particular to their script)."""

from __future__ import annotations

import pytest

from aiosmsc import decode

#: An empty list in each fmt: no body at all, a blank line, an empty element or array.
EMPTY_LISTS = [
    (0, ""),
    (0, "\r\n"),
    (1, "\n"),
    (1, "\ufeff"),
    (2, "<result></result>"),
    (2, "<result/>"),
    (3, "[]"),
    (3, "{}"),
]
#: List operations, with the key their script may wrap a list in (``None``: it does not).
LISTS = {
    "history": None,
    "inbox": None,
    "stats": None,
    "contacts.list": "contacts",
    "groups.list": "groups",
    "jobs.list": "jobs",
    "senders.list": "senders",
    "templates.list": "templates",
}


def _wrapped(key: str | None) -> list[tuple[int, str]]:
    if key is None:
        return []
    return [
        (2, f"<result><{key}/></result>"),
        (2, f"<result><{key}></{key}></result>"),
        (3, f'{{"{key}": []}}'),
    ]


@pytest.mark.parametrize(
    ("operation", "fmt", "body"),
    [
        (operation, fmt, body)
        for operation, key in LISTS.items()
        for fmt, body in [*EMPTY_LISTS, *_wrapped(key)]
    ],
)
def test_an_empty_reply_is_an_empty_list(operation: str, fmt: int, body: str) -> None:
    assert decode(operation, body, fmt=fmt) == []


#: A short success reply in each fmt, and the word the result keeps (``None``: no word).
SUCCESS_REPLIES = [
    (0, "OK", "OK"),
    (1, "1", "1"),
    (1, "OK", "OK"),
    (2, "<result><result>OK</result></result>", "OK"),
    (2, "<result>OK</result>", "OK"),
    (2, "<result/>", None),
    (3, '{"result": "OK"}', "OK"),
    (3, '{"result": 1}', "1"),
    (3, "{}", None),
]


@pytest.mark.parametrize(("fmt", "body", "word"), SUCCESS_REPLIES)
@pytest.mark.parametrize(
    "operation",
    [
        "contacts.delete",
        "groups.delete",
        "jobs.cancel",
        "jobs.delete",
        "senders.change",
        "senders.check_code",
        "senders.delete",
        "senders.send_code",
        "templates.change",
        "templates.delete",
    ],
)
def test_a_short_success_reply_keeps_its_word(
    operation: str, fmt: int, body: str, word: str | None
) -> None:
    result = decode(operation, body, fmt=fmt, params={"id": "7", "sender": "79991234567"})
    assert result.result == word
    assert result.extra == {}  # the word is read, not left over
