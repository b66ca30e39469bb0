"""Run by test_fork.py in a subprocess of its own (forking pytest itself is unsafe).

A parent makes two clients and uses them, then forks. The child sends with the first
(a new loop thread starts) and gets a clear error from the second (its transport cannot
be shared). Prints the child's exit code and the phones the emulator's ledger holds.
"""

from __future__ import annotations

import os
import sys
import traceback

from aiosmsc import SMSC, ClientClosedError
from aiosmsc.sync.loop import LoopThread
from aiosmsc.testing import SMSCEmulator, serve
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport


def child(smsc: SMSC, injected: SMSC) -> int:
    try:
        smsc.send("79990000002", "from the child")
        try:
            injected.balance()
        except ClientClosedError as error:
            print("child:", error, file=sys.stderr)
            if "fork()" not in str(error) or "transport=" not in str(error):
                return 3
        else:
            return 4
        smsc.close()
        injected.close()
        return 0
    except BaseException:
        traceback.print_exc()
        return 2


def main() -> None:
    emulator = SMSCEmulator(login="demo", password="pw")
    server_thread = LoopThread("emulator")
    server = server_thread.run(serve(emulator), "serve")
    smsc = SMSC("demo", "pw", host=server.url, script_limits=False)
    transport = DisconnectingASGITransport(app=emulator)
    injected = SMSC("demo", "pw", host=IN_PROCESS_URL, transport=transport)
    smsc.send("79990000001", "from the parent")
    injected.balance()
    pid = os.fork()
    if pid == 0:
        os._exit(child(smsc, injected))
    _, status = os.waitpid(pid, 0)
    smsc.send("79990000003", "from the parent, after the fork")  # the parent's thread goes on
    print(os.waitstatus_to_exitcode(status), sorted(m.phone for m in emulator.messages))
    smsc.close()
    injected.close()
    server_thread.run(server.close(), "close")
    server_thread.stop()


if __name__ == "__main__":
    main()
