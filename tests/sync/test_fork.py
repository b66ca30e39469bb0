"""After fork() a client made in the parent starts a new loop thread in the child, or,
when it was given a transport, raises a clear error; it never hangs (a real fork)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_a_client_made_before_fork_works_in_the_child() -> None:
    script = Path(__file__).with_name("forking.py")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    # The child's exit code, then the ledger: the child's message went through.
    assert done.stdout.strip() == "0 ['79990000001', '79990000002', '79990000003']", done.stderr
    assert "make the SMSC in the child" in done.stderr
