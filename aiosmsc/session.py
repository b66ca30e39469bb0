"""The request pipeline every operation goes through, once.

quotas (per-script limits) -> limiter (concurrency gate, rate schedule, penalties) ->
transport -> decode -> verdict (retry / reconcile / raise, see :mod:`aiosmsc.retry`).
Credentials, ``fmt`` and ``charset=utf-8`` are added here; nothing here logs parameters.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import attrs

from .config import Credentials
from .errors import (
    APIError,
    ConfigurationError,
    DeliveryUnknownError,
    HTTPStatusError,
    LimitsUnavailableError,
    SMSCError,
    TransportError,
)
from .operations.base import Operation
from .quotas import DuplicateGuard, QuotaKeeper
from .ratelimit import Limiter
from .retry import HostPool, RetryPolicy, Verdict

if TYPE_CHECKING:
    # Only the client builds the transport: decoding alone (``aiosmsc.decode``, which
    # checks ``fmt`` here) does not load httpx.
    from .transport import HTTPTransport

__all__ = ["FMTS", "Attempt", "Session", "check_fmt"]

logger = logging.getLogger("aiosmsc")

T = TypeVar("T")

#: The reply formats: 0 text, 1 numbers, 2 XML, 3 JSON.
FMTS = (0, 1, 2, 3)


def check_fmt(fmt: int) -> int:
    """``fmt`` if it is one of :data:`FMTS`, else a :class:`ValueError`-derived error."""
    if type(fmt) is not int or fmt not in FMTS:
        raise ConfigurationError(f"fmt must be 0, 1, 2 or 3, got {fmt!r}")
    return fmt


@attrs.frozen(slots=True)
class Attempt:
    """One HTTP attempt, as reported to ``on_attempt`` hooks (metrics, tracing).

    ``outcome`` is ``"ok"``, ``"error N"`` for an API error, or the exception's class
    name; ``verdict`` what the client did next (``"retry"``, ``"reconcile"``,
    ``"raise"``, or ``""`` after success). Never carries parameters or credentials.
    """

    operation: str
    script: str
    host: str
    number: int
    outcome: str
    elapsed: float
    verdict: str = ""
    error: SMSCError | None = attrs.field(default=None, eq=False)


@attrs.frozen(slots=True)
class CallOptions:
    """Settings that ``AsyncSMSC.with_options`` may change per call."""

    max_retries: int
    detect_duplicates: bool


class Session:
    """Sends operations to the service with one set of credentials, limits and hosts."""

    __slots__ = (
        "_credentials",
        "_duplicates",
        "_hosts",
        "_limiter",
        "_on_attempt",
        "_policy",
        "_quotas",
        "_transport",
    )

    def __init__(
        self,
        *,
        transport: HTTPTransport,
        credentials: Credentials,
        hosts: HostPool,
        limiter: Limiter,
        policy: RetryPolicy,
        quotas: QuotaKeeper | None,
        duplicates: DuplicateGuard,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> None:
        self._transport = transport
        self._credentials = credentials
        self._hosts = hosts
        self._limiter = limiter
        self._policy = policy
        self._quotas = quotas
        self._duplicates = duplicates
        self._on_attempt = on_attempt

    @property
    def base_url(self) -> str:
        """The preferred host (``https://smsc.ru``)."""
        return self._hosts.urls[0]

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every base URL, in order of preference."""
        return self._hosts.urls

    @property
    def limiter(self) -> Limiter:
        """The limiter every attempt passes."""
        return self._limiter

    async def call(self, operation: Operation[T], fmt: int, options: CallOptions) -> T:
        """Send ``operation`` with retries, failover and reconciliation; decode its reply."""
        fingerprint = operation.fingerprint() if options.detect_duplicates else None
        if fingerprint is not None:
            await self._duplicates.claim(fingerprint)
        try:
            return await self._call(operation, fmt, options.max_retries)
        except (APIError, TransportError, LimitsUnavailableError) as exc:
            # Refused (other than as a duplicate) or never sent: the same send may be
            # made again at once, e.g. after fixing the account.
            refused = isinstance(exc, APIError) and exc.code != 9
            if fingerprint is not None and (
                refused or not getattr(exc, "possibly_delivered", True)
            ):
                await self._duplicates.release(fingerprint)
            raise

    async def _call(self, operation: Operation[T], fmt: int, max_retries: int) -> T:
        policy = self._policy
        if policy.max_retries != max_retries:
            policy = attrs.evolve(policy, max_retries=max_retries)
        number = 0
        while True:
            number += 1
            host = self._hosts.pick()
            try:
                return await self._attempt(operation, fmt, host, number, policy)
            except _Retry as retry:
                if retry.verdict is Verdict.RECONCILE:
                    found = await self._reconcile(operation, fmt, retry.error, policy)
                    if found is not None:
                        return found
                if self._hosts.pick() == host:  # no other host to fail over to: back off
                    await asyncio.sleep(policy.backoff(number))

    async def _attempt(
        self, operation: Operation[T], fmt: int, host: str, number: int, policy: RetryPolicy
    ) -> T:
        params = operation.params()
        form = {**self._credentials.params(), **params, "fmt": str(fmt), "charset": "utf-8"}
        url = f"{host}/sys/{operation.script}.php"
        if self._quotas is not None:
            await self._quotas.wait(operation.quotas())
        started = time.perf_counter()
        try:
            async with self._limiter.slot():
                response = await self._transport.post(url, form, operation.files())
            if response.status_code != 200:
                raise HTTPStatusError(
                    response.status_code, host=response.host, raw=response.content[:1024]
                )
            result = operation.reply_for(params).decode(response.content, fmt)
        except SMSCError as error:
            # Before anyone sees it (hooks, logs, callers): a reply may echo the request.
            error.redact(self._credentials.secrets)
            verdict = policy.verdict(error, idempotent=operation.idempotent, attempt=number)
            if verdict is Verdict.RECONCILE and operation.reconciliation() is None:
                verdict = Verdict.RAISE
            self._after_failure(host, error)
            self._report(operation, host, number, started, error, verdict)
            if verdict is Verdict.RAISE:
                raise
            raise _Retry(verdict, error) from error
        self._hosts.succeeded(host)
        self._report(operation, host, number, started, None, None)
        return result

    def _after_failure(self, host: str, error: SMSCError) -> None:
        if isinstance(error, TransportError) and not (
            isinstance(error, HTTPStatusError) and error.status_code < 500
        ):
            self._hosts.failed(host)
        penalty = self._policy.penalty_for(error)
        if penalty:
            self._limiter.penalize(penalty)

    @property
    def settle(self) -> float:
        """Seconds after a lost send reply before "not found" proves it was never accepted
        (:attr:`RetryPolicy.settle`)."""
        return self._policy.settle

    async def _reconcile(
        self, operation: Operation[T], fmt: int, error: SMSCError, policy: RetryPolicy
    ) -> T | None:
        """Ask the service whether a send with a lost reply was accepted.

        Returns the result when it was; ``None`` when it provably was not (the caller
        sends it again, same client id); raises ``DeliveryUnknownError`` otherwise.

        "Not found" right after the failure proves nothing: a slow server may still be
        processing the request. Only a lookup that starts ``policy.settle`` seconds after
        the failure was seen may prove absence; an earlier "not found" is checked again
        then.
        """
        reconciliation = operation.reconciliation()
        assert reconciliation is not None
        query, ident, phones = reconciliation.query, reconciliation.id, reconciliation.phones
        loop = asyncio.get_running_loop()
        proof_after = loop.time() + policy.settle
        while True:
            asked_at = loop.time()
            try:
                reports = await self._call(query, fmt, policy.max_retries)
            except SMSCError as exc:
                raise DeliveryUnknownError(
                    f"{operation.name}: the reply was lost ({type(error).__name__}) and the"
                    f" status lookup failed ({type(exc).__name__}); ask status(phone,"
                    f" {ident!r}) before sending again",
                    id=ident,
                    phones=phones,
                ) from exc
            found = reconciliation.conclude(reports)
            if found is not None or asked_at >= proof_after:
                break
            # Too early to tell "never accepted" from "still being processed": ask again.
            await asyncio.sleep(proof_after - loop.time())
        logger.info(
            "%s: reply lost (%s); status lookup says %s",
            operation.name,
            type(error).__name__,
            "accepted" if found is not None else "not accepted, sending again",
        )
        return found

    def _report(
        self,
        operation: Operation[T],
        host: str,
        number: int,
        started: float,
        error: SMSCError | None,
        verdict: Verdict | None,
    ) -> None:
        elapsed = time.perf_counter() - started
        if error is None:
            outcome = "ok"
        elif isinstance(error, APIError):
            outcome = f"error {error.code}"
        else:
            outcome = type(error).__name__
        level = logging.DEBUG if verdict in (None, Verdict.RAISE) else logging.INFO
        logger.log(
            level,
            "%s via %s/sys/%s.php attempt %d: %s in %.3f s%s",
            operation.name,
            host,
            operation.script,
            number,
            outcome,
            elapsed,
            f" -> {verdict.value}" if verdict is not None else "",
        )
        if self._on_attempt is not None:
            event = Attempt(
                operation.name,
                operation.script,
                host,
                number,
                outcome,
                elapsed,
                verdict.value if verdict is not None else "",
                error,
            )
            try:
                self._on_attempt(event)
            except Exception:  # a broken metrics hook must not break sending
                logger.exception("on_attempt hook failed")


class _Retry(Exception):
    """Internal: the attempt failed and the verdict was not RAISE."""

    def __init__(self, verdict: Verdict, error: SMSCError) -> None:
        super().__init__(verdict.value)
        self.verdict = verdict
        self.error = error
