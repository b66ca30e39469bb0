"""The fenced ``python`` blocks of README.md and docs/*.md, as code to run and type-check.

Conventions the pages follow (so that every example is real code):

- A block stands alone: it imports or defines every name it uses, except ``smsc``, which
  stands for an open :class:`~aiosmsc.AsyncSMSC` (a block may also open its own).
- ``await``, ``async for`` and ``async with`` may appear at the top level of a block.
- A block whose first line is ``# name.py`` is a module other blocks import (``from
  name import ...``); names are unique across the pages.
- A block defining ``test_*`` functions is a pytest file, run in pytest-asyncio's
  strict mode.
- A block of ``>>>`` lines is a doctest.
- An HTML comment on the line before the fence changes this: ``<!-- example: no-run
  (why) -->`` type-checks the block without running it; ``<!-- example: continues -->``
  runs the block after the one before it on the page, with the same names.

Each block becomes a file whose line numbers are the page's, so an error names the line
of the markdown page.
"""

from __future__ import annotations

import ast
import doctest
import re
import textwrap
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^```python[ \t]*$")
_DIRECTIVE = re.compile(r"^<!--\s*example:\s*(?P<what>[\w-]+)\s*(?P<why>.*?)\s*-->$")
_MODULE = re.compile(r"^#\s*(?P<name>[A-Za-z_]\w*)\.py\s*$")
#: The one name a block may use without defining it: an open AsyncSMSC.
CONTEXT_PRELUDE = ("from aiosmsc import AsyncSMSC as _AsyncSMSC", "smsc: _AsyncSMSC")


def pages() -> list[Path]:
    """README.md and every docs/*.md page."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@attrs.frozen
class Block:
    """One ``python`` block: ``line`` is the page line of its first code line."""

    page: str
    line: int
    code: str
    directive: str | None = None
    reason: str = ""
    previous: Block | None = None  # the block this one continues

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def kind(self) -> str:
        """``doctest``, ``module``, ``test`` or ``script``."""
        first = self.code.lstrip().splitlines()[0] if self.code.strip() else ""
        if first.startswith(">>>"):
            return "doctest"
        if _MODULE.match(self.code.splitlines()[0]):
            return "module"
        if any(
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith("test_")
            for node in ast.parse(self.code).body
        ):
            return "test"
        return "script"

    @property
    def runs(self) -> bool:
        return self.directive != "no-run"

    @property
    def module_name(self) -> str:
        """The importable name of the file this block becomes."""
        match = _MODULE.match(self.code.splitlines()[0])
        if match:
            return match.group("name")
        slug = re.sub(r"\W", "_", self.page.lower().removeprefix("docs/"))
        prefix = "test_" if self.kind == "test" else "example_"
        return f"{prefix}{slug}_{self.line}"

    def source(self) -> str:
        """The code to run: this block after the blocks it continues."""
        if self.kind == "doctest":
            return self.code
        chain = []
        block: Block | None = self
        while block is not None:
            chain.append(block)
            block = block.previous
        source = ""
        for block in reversed(chain):
            source += _at_line(block.code, block.line, source)
        return source

    def uses_context(self) -> bool:
        """Whether the code uses ``smsc`` without binding it."""
        if self.kind == "doctest":
            return False
        tree = ast.parse(self.source())
        used = bound = False
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "smsc":
                used = used or isinstance(node.ctx, ast.Load)
                bound = bound or isinstance(node.ctx, ast.Store)
            elif isinstance(node, ast.arg) and node.arg == "smsc":
                bound = True
        return used and not bound

    def is_async(self) -> bool:
        """Whether the code awaits at its top level."""
        try:
            compile(self.source(), self.id, "exec")
        except SyntaxError:
            return True
        return False

    def typed_source(self) -> str:
        """The file mypy checks: the code at its page lines, ``smsc`` declared when it is
        used, and code that awaits at the top level wrapped in a coroutine function."""
        if self.kind == "doctest":
            return _doctest_source(self)
        head = list(CONTEXT_PRELUDE) if self.uses_context() else []
        source = self.source()
        if self.is_async():
            head.append("async def _example() -> None:")
            source = textwrap.indent(source, "    ")
        return _in_padding(head, source)


def _at_line(code: str, line: int, already: str) -> str:
    """``code`` preceded by blank lines so that it starts at ``line``."""
    pad = line - 1 - already.count("\n")
    return "\n" * max(pad, 0) + code


def _in_padding(head: list[str], source: str) -> str:
    """``head`` written over the first blank lines of ``source`` (lines stay put)."""
    pad = len(source) - len(source.lstrip("\n"))
    if len(head) > pad:
        raise ValueError(f"no room for {len(head)} lines before line {pad + 1}")
    if not head:
        return source
    return "\n".join(head) + "\n" + source[len(head) :]


def _doctest_source(block: Block) -> str:
    lines = [""] * (block.line + block.code.count("\n") + 1)
    for example in doctest.DocTestParser().get_examples(block.code):
        for offset, text in enumerate(example.source.rstrip("\n").splitlines()):
            lines[block.line - 1 + example.lineno + offset] = text
    return "\n".join(lines) + "\n"


def extract(path: Path) -> list[Block]:
    """The ``python`` blocks of one page, in order."""
    page = path.relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if not _FENCE.match(lines[index]):
            index += 1
            continue
        directive = reason = None
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        match = _DIRECTIVE.match(lines[before].strip()) if before >= 0 else None
        if match:
            directive, reason = match.group("what"), match.group("why").strip("() ")
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        code = "\n".join(lines[index + 1 : end]) + "\n"
        previous = blocks[-1] if directive == "continues" and blocks else None
        blocks.append(Block(page, index + 2, code, directive, reason or "", previous))
        index = end + 1
    return blocks


def all_blocks() -> list[Block]:
    return [block for path in pages() for block in extract(path)]
