"""Progress displays for ``send_bulk``: ``progress=tqdm_progress(total=len(rows))``, or
``with rich_progress(total=len(rows)) as hook: ... send_bulk(rows, progress=hook)``.

:class:`BarProgress` drives any tqdm-like bar (an object with ``update(n)`` and,
optionally, ``set_postfix_str(text)``); :func:`tqdm_progress` builds a tqdm bar.
:class:`RichProgress` drives a task of a ``rich.progress.Progress`` display. Both
libraries come with the extra ``progress``: ``pip install 'aiosmsc[progress]'``.
"""

from __future__ import annotations

import importlib
from types import ModuleType, TracebackType
from typing import Any, Protocol

from .bulk import BulkReport
from .errors import ConfigurationError

__all__ = ["BarProgress", "ProgressBarLike", "RichProgress", "rich_progress", "tqdm_progress"]


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
        """The bar being driven (close it when the job is done)."""
        return self._bar


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

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
