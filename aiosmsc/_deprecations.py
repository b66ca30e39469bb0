"""Names kept for compatibility after a rename: they still resolve, with a warning.

A module that had a name renamed defines ``def __getattr__(name): return
renamed_attribute(__name__, name)``; Python calls it only for names the module does not
have, so current names cost nothing. The old names are left out of ``__all__`` and are
visible to type checkers through an ``if TYPE_CHECKING:`` alias in the module.
"""

from __future__ import annotations

import sys
import warnings

__all__ = ["RENAMED", "renamed_attribute"]

#: Old public name -> its new name, in every module that exports it.
RENAMED: dict[str, str] = {"DeliveryError": "DeliveryErrorCode"}


def renamed_attribute(module: str, name: str, *, stacklevel: int = 3) -> object:
    """``module``'s object now called ``RENAMED[name]``, after a ``DeprecationWarning``;
    ``AttributeError`` for any other missing name, as without a module ``__getattr__``."""
    new_name = RENAMED.get(name)
    if new_name is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warnings.warn(
        f"{module}.{name} is deprecated; use {module}.{new_name}",
        DeprecationWarning,
        # The line that named the old attribute: past the module __getattr__ (3), and
        # past the function that called this one for it, if any (more).
        stacklevel=stacklevel,
    )
    # getattr, not the module's globals: the new name may itself be imported lazily.
    return getattr(sys.modules[module], new_name)
