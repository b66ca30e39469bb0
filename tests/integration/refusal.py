"""The check behind every "bad input is refused before anything is sent" test."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from aiosmsc import ValidationError
from aiosmsc.testing import SMSCEmulator


@contextlib.contextmanager
def refused_before_sending(emulator: SMSCEmulator, match: str | None = None) -> Iterator[None]:
    """The block raises :class:`ValidationError` (its message matching ``match``) and the
    emulator got no request at all."""
    with pytest.raises(ValidationError, match=match):
        yield
    assert emulator.requests == []
