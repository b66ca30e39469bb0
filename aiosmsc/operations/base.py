"""What an operation is: wire parameters out, a typed result in.

An operation object is built (and validated) by the facade, sent by the session, and
its :class:`Reply` decodes the body. The reply depends only on the request parameters
that shape it, so :func:`aiosmsc.decode` can rebuild it from those parameters alone and
return exactly what the facade returns.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import attrs

from ..decoder.document import Document, is_blank, parse_document
from ..decoder.envelope import find_error
from ..errors import DecodeError, SMSCError, api_error_class
from ..quotas import Quota

if TYPE_CHECKING:
    from ..models.status import StatusReport

__all__ = [
    "Caller",
    "Operation",
    "PagedOperation",
    "Reconciliation",
    "Reply",
    "T",
    "WireOperation",
]

T = TypeVar("T")


@attrs.frozen(slots=True)
class Reply(Generic[T]):
    """How to decode the reply of one request: ``build`` turns a document into ``T``."""

    operation: str
    script: str
    build: Callable[[Document], T]
    #: For replies where an empty body is an answer (a list with nothing in it): what it
    #: means. ``None``: an empty body is a ``DecodeError``.
    empty: Callable[[], T] | None = attrs.field(default=None, kw_only=True)
    #: Error codes that report an empty answer, not a failure (phones.php 3, "no records
    #: found", for a list); they decode to ``empty()``.
    empty_codes: frozenset[int] = attrs.field(default=frozenset(), kw_only=True)

    def decode(self, body: bytes | str, fmt: int | None) -> T:
        """Decode ``body``: raise the service's error as :class:`APIError`, or build ``T``.

        The one boundary of decoding: whatever goes wrong on the way (a number too big
        to convert, a recursion limit, a bug in a layout) leaves as :class:`DecodeError`,
        with no exception chained to it (a chained one may hold the body unmasked).
        """
        try:
            return self._decode(body, fmt)
        except SMSCError as exc:
            error: SMSCError = exc
        except Exception as exc:  # a reply we cannot read, whatever went wrong in it
            reason = str(exc) or type(exc).__name__
            error = DecodeError(f"{self.operation}: {reason}", fmt=fmt, raw=body)
        error.__cause__ = error.__context__ = None
        raise error

    def _decode(self, body: bytes | str, fmt: int | None) -> T:
        if self.empty is not None and is_blank(body):
            return self.empty()
        document = parse_document(body, fmt)
        error = find_error(document)
        if error is not None:
            if self.empty is not None and error.code in self.empty_codes:
                return self.empty()
            cls = api_error_class(error.code, self.script)
            raise cls(error.code, error.text, id=error.id, operation=self.operation, raw=body)
        return self.build(document)


@attrs.frozen(slots=True)
class Reconciliation(Generic[T]):
    """How to learn whether a request whose reply was lost took effect: run ``query`` (a
    status request); ``conclude`` turns its reports into the result, or ``None`` when the
    service has no trace of the request (it is then safe to send it again)."""

    query: Operation[StatusReport | list[StatusReport]]
    conclude: Callable[[StatusReport | list[StatusReport]], T | None]
    #: The client id and recipients of the request, for error messages.
    id: str = ""
    phones: tuple[str, ...] = ()


class Operation(abc.ABC, Generic[T]):
    """One SMSC operation: its facade name, script, retry safety, parameters and reply."""

    #: The facade path of the operation (``"send"``, ``"status"``) as ``decode`` takes it.
    name: ClassVar[str]
    #: The script, without ``.php``, under ``/sys/``.
    script: ClassVar[str]
    #: Whether repeating the request cannot do harm (no second message, no second charge).
    idempotent: ClassVar[bool] = True

    @abc.abstractmethod
    def params(self) -> dict[str, str]:
        """The request parameters, as strings, without credentials, ``fmt`` or ``charset``."""

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        """Files to upload as ``multipart/form-data`` parts (name -> (filename, bytes,
        content type)); ``None`` for a plain form."""
        return None

    def quotas(self) -> Sequence[Quota]:
        """The service's per-script limits this request counts against (§13.1)."""
        return ()

    def fingerprint(self) -> bytes | None:
        """For sends: a digest of what makes two requests identical to the service's
        duplicate guard (the client id excluded); ``None`` for other operations."""
        return None

    def reconciliation(self) -> Reconciliation[T] | None:
        """For non-idempotent requests that can be checked after a lost reply."""
        return None

    @classmethod
    @abc.abstractmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[T]:
        """The reply decoder for a request made with ``params``."""

    def reply(self) -> Reply[T]:
        """The reply decoder for this request."""
        return self.reply_for(self.params())


@attrs.frozen(slots=True)
class WireOperation(Operation[T]):
    """An operation that is a selector (``add=1``, ``get_stat=1``) plus parameters
    validated when it was built."""

    #: The selector parameter, sent as ``<selector>=1``.
    selector: ClassVar[str]

    wire: Mapping[str, str] = attrs.field(factory=dict)

    def params(self) -> dict[str, str]:
        return {self.selector: "1", **self.wire}


class PagedOperation(Operation[list[T]]):
    """A request for one page of a longer list, which knows the request for the next page
    (the facade's iterators walk the pages with it)."""

    @abc.abstractmethod
    def turn(self, page: list[T]) -> tuple[list[T], PagedOperation[T] | None]:
        """What ``page`` adds, in the order to give it out, and the request for the page
        after it (``None``: there is none, or the service stopped moving)."""


class Caller(Protocol):
    """The client's pipeline entry (``AsyncSMSC._call``): sends an operation with the
    client's limits, retries and reconciliation and returns its decoded result. Facade
    namespaces, bulk jobs and trackers are given one; they never call back into the
    facade."""

    def __call__(self, operation: Operation[T], fmt: int | None) -> Awaitable[T]: ...
