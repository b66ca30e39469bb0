"""Public names imported on first use (PEP 562): a package lists where each lives, and
its module ``__getattr__`` imports that module the first time the name is asked for.
``import aiosmsc`` and the pytest plugin stay cheap this way."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    module: str,
    package: str | None,
    homes: Mapping[str, tuple[str, ...]],
    *,
    missing: Callable[[str], Any] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``module`` (its ``__name__``, in
    ``package``, its ``__package__``), whose names live in the modules of ``homes``
    (relative to ``package``: ``{".client": ("AsyncSMSC",)}``).
    A name found nowhere goes to ``missing`` (e.g. a deprecated alias), else is an
    ``AttributeError``."""
    home = {name: where for where, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        where = home.get(name)
        if where is None:
            if missing is not None:
                return missing(name)
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where, package), name)
        vars(sys.modules[module])[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[module]), *home})

    return __getattr__, __dir__
