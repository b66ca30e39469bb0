"""What the entry points that do not send load: a webhook receiver does not create every
result model, and ``aiosmsc.decode`` (decoding a stored reply) does not load httpx."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_webhooks_and_decode_load_only_what_they_use() -> None:
    # One fresh interpreter for both: the webhook module first, as a receiver imports it.
    code = textwrap.dedent(
        """
        import json, sys
        import aiosmsc.webhooks
        models = sorted(m for m in sys.modules if m.startswith("aiosmsc.models."))
        import aiosmsc.decoding
        print(json.dumps({"models": models, "httpx": "httpx" in sys.modules}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = json.loads(done.stdout)
    assert loaded["models"] == ["aiosmsc.models.base", "aiosmsc.models.codes"]
    assert loaded["httpx"] is False
