"""The examples of docs/sync.md run as written against the emulator (a fresh one each),
with ``SMSC_*`` pointing at it, served from a thread of its own: a blocking example
would wait forever for an emulator served by the loop of the thread it blocks."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "sync.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_example_runs(number: int, served_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSC_LOGIN", "demo")
    monkeypatch.setenv("SMSC_PASSWORD", "demo-password")
    monkeypatch.setenv("SMSC_HOST", served_url)
    monkeypatch.delenv("SMSC_APIKEY", raising=False)
    namespace: dict[str, object] = {"__name__": f"sync_md_{number}"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # module-level clients, never closed
        exec(compile(BLOCKS[number], f"docs/sync.md block {number}", "exec"), namespace)
        namespace.clear()
