"""The main job: ``python -m aiosmsc demo`` against the built-in emulator."""

from __future__ import annotations

from aiosmsc import MessageStatus
from aiosmsc.__main__ import main
from aiosmsc.demo import RECIPIENTS, run_demo


async def test_demo_tracks_every_message_to_a_final_status() -> None:
    lines: list[str] = []
    reports = await run_demo(out=lines.append, poll_interval=0.2)
    assert len(reports) == len(RECIPIENTS)
    assert all(report.is_final for report in reports)
    by_phone = {report.phone: report.status for report in reports}
    assert by_phone["79990000013"] is MessageStatus.UNDELIVERABLE
    assert by_phone["79990000066"] is MessageStatus.EXPIRED
    text = "\n".join(lines)
    assert "Balance before: 100.00 RUR" in text
    assert "Balance after:  91.00 RUR" in text  # 6 messages at 1.50
    assert "4 of 6 delivered" in text


def test_cli_entry_point_runs_the_demo(capsys: object) -> None:
    assert main(["demo"]) == 0
