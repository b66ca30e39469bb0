"""Operations of the data area (see aiosmsc/api/data.py for the facade)."""

from __future__ import annotations

from typing import Any

from .base import Operation

__all__ = ["OPERATIONS"]

#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = ()
