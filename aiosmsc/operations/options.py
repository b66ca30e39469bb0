"""Option families: keyword arguments declared once, as a ``TypedDict``.

A family (the message options of a send, the fields of a contact) is one
``TypedDict(total=False)``; facade methods take it as ``**options: Unpack[Family]`` and hand
it whole to the operation's builder, which takes the same family. Type checkers and IDEs
see every keyword with its type; nothing is repeated by hand. A ``TypedDict`` carries no
defaults: the builder applies them (``options.get("flash", False)``) and the family's
docstring states them.

At run time ``**options`` accepts any name, so a builder checks the names it was given
against the family the caller's method declares (:func:`accept`), and a typo still fails
with the ``TypeError`` Python would raise for a plain keyword argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["accept", "option_names"]


def option_names(family: Any) -> frozenset[str]:
    """Every keyword a family declares (its own and those of the families it extends)."""
    return frozenset(family.__required_keys__ | family.__optional_keys__)


def accept(options: Mapping[str, object], family: Any, *, where: str) -> None:
    """Raise ``TypeError`` (as Python does for an unknown keyword) when ``options`` holds a
    name that ``family`` does not declare; ``where`` names the method, e.g. ``"send_mms()"``."""
    unknown = options.keys() - option_names(family)
    if unknown:
        name = min(unknown)
        raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
