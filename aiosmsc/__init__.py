"""aiosmsc: the asyncio client for the SMSC messaging service (smsc.ru, smscentre.com).

>>> async with AsyncSMSC(login="me", password="secret") as smsc:   # doctest: +SKIP
...     result = await smsc.send("79991234567", "Hello")
...     report = await smsc.status("79991234567", result.id)
"""

from ._version import __version__
from .client import AsyncSMSC
from .decoding import decode
from .errors import (
    APIError,
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    ConnectError,
    ConnectTimeout,
    DecodeError,
    DeleteFailedError,
    DeliveryUnknownError,
    DuplicateSendError,
    HTTPStatusError,
    InsufficientFundsError,
    InvalidPhoneError,
    InvalidTimeError,
    IPBlockedError,
    LinkNotFoundError,
    MessageDeniedError,
    NetworkError,
    ParameterError,
    PoolTimeout,
    RateLimitedError,
    ReadTimeout,
    SMSCError,
    TimeoutError,
    TransportError,
    UndeliverableError,
    ValidationError,
    WriteTimeout,
)
from .models import (
    Balance,
    CostResult,
    DeliveryError,
    MessageStatus,
    PhoneResult,
    SendResult,
    StatusReport,
)
from .operations import CostMode, Translit
from .quotas import Quota
from .ratelimit import GCRA, Limiter, LocalLimiter
from .retry import RetryPolicy
from .session import Attempt
from .transport import Timeouts

__all__ = [
    "GCRA",
    "APIError",
    "AsyncSMSC",
    "Attempt",
    "AuthenticationError",
    "Balance",
    "ClientClosedError",
    "ConfigurationError",
    "ConnectError",
    "ConnectTimeout",
    "CostMode",
    "CostResult",
    "DecodeError",
    "DeleteFailedError",
    "DeliveryError",
    "DeliveryUnknownError",
    "DuplicateSendError",
    "HTTPStatusError",
    "IPBlockedError",
    "InsufficientFundsError",
    "InvalidPhoneError",
    "InvalidTimeError",
    "Limiter",
    "LinkNotFoundError",
    "LocalLimiter",
    "MessageDeniedError",
    "MessageStatus",
    "NetworkError",
    "ParameterError",
    "PhoneResult",
    "PoolTimeout",
    "Quota",
    "RateLimitedError",
    "ReadTimeout",
    "RetryPolicy",
    "SMSCError",
    "SendResult",
    "StatusReport",
    "TimeoutError",
    "Timeouts",
    "Translit",
    "TransportError",
    "UndeliverableError",
    "ValidationError",
    "WriteTimeout",
    "__version__",
    "decode",
]
