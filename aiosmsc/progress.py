"""Progress bars for ``send_bulk``: ``progress=tqdm_progress(total=len(rows))``.

:class:`BarProgress` drives any tqdm-like bar (an object with ``update(n)`` and,
optionally, ``set_postfix_str(text)``), such as ``tqdm.tqdm`` or a rich progress wrapper.
:func:`tqdm_progress` builds a tqdm bar (extra ``progress``: ``pip install
'aiosmsc[progress]'``).
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from .bulk import BulkReport
from .errors import ConfigurationError

__all__ = ["BarProgress", "ProgressBarLike", "tqdm_progress"]


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
        done = report.sent + report.failed_total + report.unknown
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done
        postfix = getattr(self._bar, "set_postfix_str", None)
        if postfix is not None:
            postfix(
                f"sent {report.sent}, failed {report.failed_total}, unknown {report.unknown}",
                refresh=False,
            )

    @property
    def bar(self) -> ProgressBarLike:
        """The bar being driven (close it when the job is done)."""
        return self._bar


def tqdm_progress(total: int | None = None, **options: Any) -> BarProgress:
    """A :class:`BarProgress` on a new ``tqdm`` bar (``unit="msg"`` unless given)."""
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        raise ConfigurationError(
            "tqdm_progress needs tqdm: pip install 'aiosmsc[progress]'"
        ) from None
    options.setdefault("unit", "msg")
    return BarProgress(tqdm(total=total, **options))
