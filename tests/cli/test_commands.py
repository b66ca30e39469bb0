"""Each command against the emulator, in both output formats, with its exit code."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.cli import EXIT_API, EXIT_TRANSPORT, EXIT_USAGE, main
from aiosmsc.testing import EmulatorServer, SMSCEmulator
from aiosmsc.testing.scripts.data import InboxState

from .conftest import PASSWORD, Runner


def test_send_prints_id_parts_cost_and_balance(run: Runner, emulator: SMSCEmulator) -> None:
    result = run("send", "79990000001,79990000002", "Hello", "--id", "55", "--sender", "Shop")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.output.splitlines()[2:])
    assert lines == {"id": "55", "cnt": "2", "cost": "3.00", "balance": "97.00"}
    assert [(m.phone, m.text, m.sender) for m in emulator.messages] == [
        ("79990000001", "Hello", "Shop"),
        ("79990000002", "Hello", "Shop"),
    ]


def test_send_json_is_machine_readable(run: Runner) -> None:
    result = run("send", "79990000001", "Hello json", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["cnt"] == 1 and Decimal(data["cost"]) == Decimal("1.50")
    assert Decimal(data["balance"]) == Decimal("98.50")


def test_cost_sends_nothing(run: Runner, emulator: SMSCEmulator) -> None:
    result = run("cost", "79990000001", "How much?", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"cost": "1.50", "cnt": 1, "phones": None}
    assert emulator.messages == []


def test_status_follows_the_emulator_clock(run: Runner, emulator: SMSCEmulator) -> None:
    assert run("send", "79990000001", "track me", "--id", "9").exit_code == 0
    waiting = json.loads(run("status", "79990000001", "9", "--format", "json").stdout)
    assert waiting["status"] == -1
    emulator.clock.advance(60)  # type: ignore[attr-defined]
    result = run("status", "79990000001", "9", "--all", "1")
    assert result.exit_code == 0
    assert "1 (Delivered)" in result.output and "track me" in result.output


def test_balance(run: Runner) -> None:
    result = run("balance", "--format", "json")
    assert json.loads(result.stdout) == {"balance": "100.00", "credit": "0", "currency": "RUR"}


def test_senders_list(run: Runner, served: EmulatorServer) -> None:
    assert run("senders", "list", "--format", "json").stdout.strip() == "[]"

    async def add_sender() -> None:
        async with AsyncSMSC(login="cli", password=PASSWORD, host=served.url) as smsc:
            await smsc.senders.add("MyShop")

    asyncio.run(add_sender())
    result = run("senders", "list", "--all")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["sender", "id", "status"]
    assert "MyShop" in result.output.splitlines()[2]


def test_history_and_inbox(run: Runner, emulator: SMSCEmulator) -> None:
    assert run("send", "79990000001", "first").exit_code == 0
    assert run("send", "79990000002", "second").exit_code == 0
    history = json.loads(run("history", "--limit", "1", "--format", "json").stdout)
    assert [(m["phone"], m["message"]) for m in history] == [("79990000002", "second")]
    emulator.state(InboxState).receive("79995550000", "STOP", at=emulator.clock.now())
    inbox = run("inbox")
    assert inbox.exit_code == 0
    assert "79995550000" in inbox.output and "STOP" in inbox.output


@pytest.mark.parametrize(
    "args",
    [
        ("send", "79990000001", "   "),
        ("send", "7999abc", "hi"),
        ("send", "79990000001,", "hi"),
        ("status", "79990000001"),
        ("history", "--limit", "0"),
        ("balance", "--format", "yaml"),
    ],
)
def test_bad_input_exits_2_before_sending(
    run: Runner, emulator: SMSCEmulator, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert emulator.requests == []


def test_missing_credentials_exit_2(run: Runner, emulator: SMSCEmulator) -> None:
    result = run("balance", env={"SMSC_LOGIN": "", "SMSC_PASSWORD": ""})
    assert result.exit_code == EXIT_USAGE
    assert "no credentials" in result.stderr
    assert emulator.requests == []


def test_client_side_validation_exits_2(run: Runner, emulator: SMSCEmulator) -> None:
    result = run("send", "79990000001", "x", "--id", "bad id with spaces")
    assert result.exit_code == EXIT_USAGE, result.output
    assert emulator.requests == []


def test_api_error_exits_1(run: Runner) -> None:
    result = run("send", "79990000001", "a forbidden word")
    assert result.exit_code == EXIT_API
    assert result.stderr.startswith("error: SMSC error 6 on send")


def test_wrong_password_flag_is_an_api_error_and_wins_over_the_environment(run: Runner) -> None:
    result = run("balance", "--password", "not-the-password")
    assert result.exit_code == EXIT_API
    assert "SMSC error 2" in result.stderr and "not-the-password" not in result.output


def test_unreachable_host_exits_3(run: Runner) -> None:
    result = run("balance", "--host", "http://127.0.0.1:9")
    assert result.exit_code == EXIT_TRANSPORT
    assert result.stderr.startswith("error: ")


def test_apikey_flag_ignores_the_password_in_the_environment(run: Runner) -> None:
    result = run("balance", "--apikey", "demo-apikey", "--format", "json")
    assert result.exit_code == 0, result.output


def test_demo_command_runs_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import aiosmsc.demo
    from aiosmsc.cli import cli

    class Result:
        ok = False

    async def fake_demo() -> Result:
        return Result()

    monkeypatch.setattr(aiosmsc.demo, "run_demo", fake_demo)
    assert CliRunner().invoke(cli, ["demo"]).exit_code == EXIT_API
    Result.ok = True
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0


def test_python_dash_m_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    import aiosmsc.__main__ as entry

    assert entry.main(["--help"]) == 0  # python -m aiosmsc runs the click command line
    assert "bulk" in capsys.readouterr().out
    assert entry.main(["no-such-command"]) == EXIT_USAGE
    assert main(["--help"]) == 0


def test_help_and_usage_errors_start_without_the_library() -> None:
    """--help, --version, a usage error (and shell completion, which runs the command)
    need click, not the client, the journal, the emulator or asyncio: a command imports
    those when it runs. A fresh interpreter, as the ``aiosmsc`` script starts."""
    code = textwrap.dedent(
        """
        import sys
        from aiosmsc.__main__ import main
        codes = [
            main(["--help"]), main(["--version"]), main(["bulk", "--help"]),
            main(["send", "--help"]), main(["emulator", "--help"]), main(["send"]),
        ]
        heavy = ("asyncio", "httpx", "aiosmsc.client", "aiosmsc.journal", "aiosmsc.testing")
        print(codes, [name for name in heavy if name in sys.modules])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == f"[0, 0, 0, 0, 0, {EXIT_USAGE}] []"


def test_secrets_never_shown(run: Runner, served: object) -> None:
    outputs = [
        run("balance"),
        run("balance", "--format", "json"),
        run("send", "79990000001", "secret check"),
        run("send", "79990000001", "a forbidden text"),
        run("balance", "--login", "cli", "--password", PASSWORD),
        run("balance", "--login", "nobody", "--password", PASSWORD),
        run("balance", "--password", PASSWORD, "--host", "http://127.0.0.1:9"),
        run("send", "--help"),
    ]
    for result in outputs:
        assert PASSWORD not in result.output
        assert PASSWORD not in (result.stderr or "")
        assert PASSWORD not in repr(result.exception)


def test_settings_repr_hides_credentials() -> None:
    from aiosmsc.cli import Settings

    text = repr(Settings(login="cli", password=PASSWORD, apikey="APIKEY-XYZ"))
    assert PASSWORD not in text and "APIKEY-XYZ" not in text and "cli" in text
