"""Hypothesis strategies for text, without hypothesis' slowest set-up.

Hypothesis' default alphabet (of ``st.text()`` and ``st.from_regex()``) is
``st.characters(codec="utf-8")``, and the first process that uses it with an empty
``.hypothesis`` directory (a fresh clone: CI) works that set out by encoding every code
point, about 1.5 s of CPU; under xdist each worker may pay it. Every code point but the
surrogates (category Cs) encodes to UTF-8, so :data:`UTF8_CHARACTERS` is the very same
set, taken from the Unicode category table that hypothesis ships.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: The characters of ``st.characters(codec="utf-8")``, found without encoding each one.
UTF8_CHARACTERS = st.characters(exclude_categories=("Cs",))


def utf8_text(**options: Any) -> st.SearchStrategy[str]:
    """``st.text(**options)`` (its default alphabet)."""
    return st.text(UTF8_CHARACTERS, **options)


def matching(pattern: str) -> st.SearchStrategy[str]:
    """``st.from_regex(pattern, fullmatch=True)`` (its default alphabet)."""
    return st.from_regex(pattern, fullmatch=True, alphabet=UTF8_CHARACTERS)
