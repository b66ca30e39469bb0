"""``python -m aiosmsc``: the ``aiosmsc`` command (``demo``, ``send``, ``bulk``, ...)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
