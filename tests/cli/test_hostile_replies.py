"""The CLI on hostile replies (issue 12, points 5 and 9): exit code 3 and a one-line
error, never a traceback; never the password on stderr, even when a reply echoes it."""

from __future__ import annotations

import pytest

from aiosmsc.cli import EXIT_TRANSPORT
from aiosmsc.testing import Fault, SMSCEmulator

from .conftest import PASSWORD, Runner

HOSTILE = {
    "endless error code": "ERROR = " + "9" * 5000 + " (boom)",
    "overflowing amount": '{"balance": "1e999999999"}',
    "number to expand": '{"balance": "1e999999"}',
    "echoed request": f"login=cli&psw={PASSWORD}&fmt=3&charset=utf-8",
    "echoed request as JSON": f'{{"login": "cli", "psw": "{PASSWORD}", "balance": "x"}}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_balance_reply_exits_3_with_one_line(
    run: Runner, emulator: SMSCEmulator, name: str
) -> None:
    emulator.inject(Fault("malformed", script="balance", times=10, body=HOSTILE[name]))
    result = run("balance")
    assert result.exit_code == EXIT_TRANSPORT, result.output
    assert isinstance(result.exception, SystemExit)  # not an escaped exception
    assert result.stderr.startswith("error: cannot decode")
    assert "Traceback" not in result.output
    assert PASSWORD not in result.output
