"""Credential errors read like a command line: they name the flags and the variables,
exit 2 and send nothing."""

from __future__ import annotations

import pytest

from aiosmsc.cli import EXIT_USAGE
from aiosmsc.testing import SMSCEmulator

from .conftest import PASSWORD, Runner

NONE = {"SMSC_LOGIN": "", "SMSC_PASSWORD": "", "SMSC_APIKEY": ""}


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        ((), NONE, ["no credentials", "SMSC_LOGIN", "SMSC_PASSWORD", "--login", "--apikey"]),
        ((), {**NONE, "SMSC_LOGIN": "cli"}, ["without a password", "SMSC_PASSWORD"]),
        ((), {**NONE, "SMSC_PASSWORD": PASSWORD}, ["without a login", "--login"]),
        (("--login", "cli"), NONE, ["without a password", "--password"]),
        (("--apikey", "K", "--password", "P"), NONE, ["--apikey", "not both"]),
        ((), {"SMSC_APIKEY": "K"}, ["contradictory", "SMSC_APIKEY", "SMSC_PASSWORD"]),
        (("--host", "not a host!"), {}, ["--host", "SMSC_HOST"]),
    ],
)
def test_credential_errors_name_flags_and_variables(
    run: Runner,
    emulator: SMSCEmulator,
    args: tuple[str, ...],
    env: dict[str, str],
    words: list[str],
) -> None:
    result = run("balance", *args, env=env)
    assert result.exit_code == EXIT_USAGE, result.output
    for word in words:
        assert word in result.stderr
    assert "login=" not in result.stderr and "apikey=" not in result.stderr
    assert PASSWORD not in result.output
    assert emulator.requests == []


def test_an_apikey_flag_wins_over_the_environment_password(run: Runner) -> None:
    # The emulator knows no API key: the request is made (and refused) with the key.
    result = run("balance", "--apikey", "some-key")
    assert result.exit_code != EXIT_USAGE, result.output


def test_password_flag_completes_the_login_from_the_environment(run: Runner) -> None:
    result = run("balance", "--password", PASSWORD, env={"SMSC_PASSWORD": "wrong"})
    assert result.exit_code == 0, result.output
