"""What facade namespaces (``smsc.senders``) and facade mixins share: the pipeline call."""

from __future__ import annotations

from typing import TypeVar

from ..operations.base import Caller, Operation

__all__ = ["Caller", "FacadeMixin", "Namespace"]

T = TypeVar("T")


class Namespace:
    """A group of related operations hanging off the facade (``smsc.senders.list()``)."""

    __slots__ = ("_call",)

    def __init__(self, call: Caller) -> None:
        self._call = call

    def __repr__(self) -> str:
        return f"<{type(self).__name__} namespace>"


class FacadeMixin:
    """Base of mixins that add top-level methods to :class:`~aiosmsc.AsyncSMSC`."""

    __slots__ = ()

    async def _call(self, operation: Operation[T], fmt: int | None) -> T:
        raise NotImplementedError  # provided by AsyncSMSC
