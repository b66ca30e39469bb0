"""Progress displays for ``send_bulk``: ``progress=tqdm_progress(total=len(rows))``, or
``with rich_progress(total=len(rows)) as hook: ... send_bulk(rows, progress=hook)``.

:class:`BarProgress` drives any tqdm-like bar (an object with ``update(n)`` and,
optionally, ``set_postfix_str(text)``); :func:`tqdm_progress` builds a tqdm bar.
:class:`RichProgress` drives a task of a ``rich.progress.Progress`` display. Both
libraries come with the extra ``progress``: ``pip install 'aiosmsc[progress]'``.
:class:`LineProgress` needs neither: where output is not a terminal (cron, CI logs) it
writes a plain ``Sending: 1200 / 10000 (12%)`` line every few seconds.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any, Protocol

from ._closing import Closing
from .bulk import BulkReport
from .errors import ConfigurationError

__all__ = [
    "BarProgress",
    "LineProgress",
    "ProgressBarLike",
    "RichProgress",
    "rich_progress",
    "tqdm_progress",
]


class ProgressBarLike(Protocol):
    """What :class:`BarProgress` needs of a bar."""

    def update(self, n: int = 1) -> Any: ...


class BarProgress:
    """A ``send_bulk`` progress hook that advances ``bar`` by the recipients decided
    since the last call and shows the counts as its postfix."""

    __slots__ = ("_bar", "_done")

    def __init__(self, bar: ProgressBarLike) -> None:
        self._bar = bar
        self._done = 0

    def __call__(self, report: BulkReport) -> None:
        done = _decided(report)
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done
        postfix = getattr(self._bar, "set_postfix_str", None)
        if postfix is not None:
            postfix(_counts(report), refresh=False)

    @property
    def bar(self) -> ProgressBarLike:
        """The bar being driven."""
        return self._bar

    def close(self) -> None:
        """Close the bar, when it has a ``close()`` (tqdm's does): call it when the job
        is done."""
        close = getattr(self._bar, "close", None)
        if close is not None:
            close()


def _optional(module: str, needed_by: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigurationError(
            f"{needed_by} needs {module.partition('.')[0]}: pip install 'aiosmsc[progress]'"
        ) from None


def _decided(report: BulkReport) -> int:
    return report.sent + report.failed_total + report.unknown


def _counts(report: BulkReport) -> str:
    return f"sent {report.sent}, failed {report.failed_total}, unknown {report.unknown}"


def tqdm_progress(total: int | None = None, **options: Any) -> BarProgress:
    """A :class:`BarProgress` on a new ``tqdm`` bar (``unit="msg"`` unless given)."""
    tqdm = _optional("tqdm", "tqdm_progress").tqdm
    options.setdefault("unit", "msg")
    return BarProgress(tqdm(total=total, **options))


class RichProgress:
    """A ``send_bulk`` progress hook on one task of a ``rich.progress.Progress``.

    Made by :func:`rich_progress`. Used as a context manager it starts and stops the
    display it created (a display passed in is left to its owner)."""

    __slots__ = ("_owned", "display", "task")

    def __init__(self, display: Any, task: Any, *, owned: bool) -> None:
        self.display = display
        self.task = task
        self._owned = owned

    def __call__(self, report: BulkReport) -> None:
        self.display.update(self.task, completed=_decided(report), counts=_counts(report))

    def __enter__(self) -> RichProgress:
        if self._owned:
            self.display.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if self._owned:
            self.display.stop()


def rich_progress(
    total: int | None = None, *, description: str = "Sending", display: Any = None
) -> RichProgress:
    """A :class:`RichProgress` on a new task of ``display`` (a ``rich.progress.Progress``),
    or of a new display showing a bar, the counts so far and the time left."""
    owned = display is None
    if owned:
        rich = _optional("rich.progress", "rich_progress")
        display = rich.Progress(
            *rich.Progress.get_default_columns(),
            rich.TextColumn("{task.fields[counts]}"),
        )
    task = display.add_task(description, total=total, counts="")
    return RichProgress(display, task, owned=owned)


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class LineProgress(Closing):
    """Progress for logs, not terminals: a line ``label: done / total (pct%)``, then one
    at most every ``interval`` seconds while work is done, and a last one on
    :meth:`close`. No carriage returns or escape codes, so cron mails and CI logs stay
    readable.

    It has a bar's ``update(n)`` and ``set_postfix_str(text)`` (the postfix ends the
    line), so ``BarProgress(LineProgress(total))`` is a ``send_bulk`` progress hook.
    ``write`` receives each line (default: stderr); ``clock`` is for tests."""

    __slots__ = (
        "_clock",
        "_done",
        "_last_at",
        "_postfix",
        "_shown",
        "_write",
        "interval",
        "label",
        "total",
    )

    def __init__(
        self,
        total: int | None = None,
        *,
        label: str = "Sending",
        interval: float = 10.0,
        write: Callable[[str], None] = _to_stderr,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.label, self.interval = total, label, interval
        self._write, self._clock = write, clock
        self._done, self._postfix = 0, ""
        self._shown: tuple[int, str] | None = None
        self._last_at = clock()
        self._emit()

    def update(self, n: int = 1) -> None:
        """Count ``n`` more done; write a line if ``interval`` has passed since the last."""
        self._done += n
        if self._clock() - self._last_at >= self.interval:
            self._emit()

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        """Counts to show at the end of the next line (``refresh`` is ignored)."""
        self._postfix = text

    def close(self) -> None:
        """Write the final line (unless the last line already says the same)."""
        if self._shown != (self._done, self._postfix):
            self._emit()

    def _emit(self) -> None:
        done = f"{self._done}"
        if self.total is not None:
            percent = 100 if self.total == 0 else self._done * 100 // self.total
            done = f"{self._done} / {self.total} ({percent}%)"
        line = f"{self.label}: {done}"
        if self._postfix:
            line += f", {self._postfix}"
        self._write(line)
        self._shown = (self._done, self._postfix)
        self._last_at = self._clock()
