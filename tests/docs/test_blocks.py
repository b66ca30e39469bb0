"""The extraction that tests/docs/test_examples.py relies on: kinds, directives, and
files whose line numbers are the page's."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import blocks
from .blocks import extract

PAGE = """# A page

```python
print("alone")
```

<!-- example: no-run (needs a modem) -->
```python
await smsc.balance()
```

<!-- example: continues -->
```python
x = 1
```

```python
# shop.py
VALUE = 2
```

```python
import pytest


@pytest.mark.asyncio
async def test_it() -> None: ...
```

```python
>>> 1 + 1
2
```
"""


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[blocks.Block]:
    monkeypatch.setattr(blocks, "ROOT", tmp_path)
    (tmp_path / "page.md").write_text(PAGE)
    return extract(tmp_path / "page.md")


def test_kinds_directives_and_lines(page: list[blocks.Block]) -> None:
    assert [(b.line, b.kind, b.directive) for b in page] == [
        (4, "script", None),
        (9, "script", "no-run"),
        (14, "script", "continues"),
        (18, "module", None),
        (23, "test", None),
        (31, "doctest", None),
    ]
    assert page[1].reason == "needs a modem" and not page[1].runs
    assert [b.module_name for b in page[3:5]] == ["shop", "test_page_md_23"]


def test_a_continued_block_runs_after_the_one_before(page: list[blocks.Block]) -> None:
    source = page[2].source().splitlines()
    assert source[8] == "await smsc.balance()" and source[13] == "x = 1"


def test_typed_source_keeps_the_page_lines(page: list[blocks.Block]) -> None:
    awaiting = page[1].typed_source().splitlines()
    assert awaiting[:2] == list(blocks.CONTEXT_PRELUDE)  # smsc is declared for mypy
    assert awaiting[2] == "async def _example() -> None:"  # in the blank lines before
    assert awaiting[8] == "    await smsc.balance()"  # page line 9
    plain = page[0].typed_source().splitlines()
    assert plain[3] == 'print("alone")' and not any(plain[:3])
    assert page[5].typed_source().splitlines()[30] == "1 + 1"  # page line 31
