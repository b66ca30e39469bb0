"""``with`` and ``async with`` for objects that close: the block's end calls ``close()``
(or ``aclose()``). One definition for every such class of the package."""

from __future__ import annotations

from typing_extensions import Self

__all__ = ["AsyncClosing", "Closing"]


class Closing:
    """``with obj:`` returns ``obj`` and calls ``obj.close()`` at the end of the block."""

    __slots__ = ()

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self.close()


class AsyncClosing:
    """``async with obj:`` returns ``obj`` and awaits ``obj.aclose()`` at the end."""

    __slots__ = ()

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        await self.aclose()
