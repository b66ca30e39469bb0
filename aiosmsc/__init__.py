"""aiosmsc: the asyncio client for the SMSC messaging service (smsc.ru, smscentre.com).

>>> async with AsyncSMSC(login="me", password="secret") as smsc:   # doctest: +SKIP
...     result = await smsc.send("79991234567", "Hello")
...     report = await smsc.status("79991234567", result.id)
"""

# Importing aiosmsc loads none of its modules: each public name is imported on first use
# (PEP 562), so ``import aiosmsc`` is cheap and so is the pytest plugin inside it, which
# every pytest run loads. Type checkers and IDEs read the imports below instead.
import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .bulk import BulkJob, BulkOutcome, BulkReport, OutcomeState, Recipient
    from .client import AsyncSMSC
    from .decoding import decode
    from .errors import (
        APIError,
        AuthenticationError,
        CallbackError,
        ClientClosedError,
        CodeAlreadySentError,
        CodeUndeliverableError,
        ConfigurationError,
        ConnectError,
        ConnectTimeout,
        DecodeError,
        DeleteFailedError,
        DeliveryUnknownError,
        DuplicateSendError,
        HTTPStatusError,
        InsufficientFundsError,
        InvalidCodeError,
        InvalidPhoneError,
        InvalidTimeError,
        IPBlockedError,
        LimitsUnavailableError,
        LinkNotFoundError,
        MessageDeniedError,
        NetworkError,
        NotFoundError,
        OperatorNotFoundError,
        ParameterError,
        PoolTimeout,
        RateLimitedError,
        ReadTimeout,
        RecordsNotFoundError,
        SaveFailedError,
        SenderNotFoundError,
        SMSCError,
        TimeoutError,
        TransportError,
        UndeliverableError,
        ValidationError,
        WriteTimeout,
    )
    from .models import (
        Ack,
        ActionResult,
        Balance,
        Contact,
        CostResult,
        Currency,
        DeliveryErrorCode,
        DocumentFile,
        Group,
        GroupType,
        HistoryMessage,
        InboxMessage,
        Invoice,
        Job,
        JobAdded,
        MessageStatus,
        OperatorInfo,
        OperatorRegistrations,
        OperatorRegistrationStatus,
        OperatorTemplate,
        PhoneResult,
        ReceivePhone,
        Repeat,
        SenderName,
        SenderNameStatus,
        SenderReplacement,
        SenderResult,
        SendResult,
        ShortLink,
        StatsRow,
        StatusReport,
        SubclientStats,
        SubclientType,
        Tariff,
        Template,
        TemplateResult,
        VoiceCodeResult,
        WaitCall,
    )
    from .models.codes import DeliveryError as DeliveryError  # deprecated alias
    from .operations import CostMode, Translit
    from .operations.contacts_groups import MoveMode
    from .operations.send_options import CallParams, Channel, Voice
    from .operations.senders_params import SenderDocument, SenderRegistration
    from .operations.templates import TemplateFormat
    from .quotas import Quota
    from .ratelimit import GCRA, Limiter, LocalLimiter
    from .retry import RetryPolicy
    from .session import Attempt
    from .sync import SMSC
    from .tracking import TrackedMessage, Tracker
    from .transport import Timeouts
    from .webhooks import DeliveryReport, IncomingMessage

__all__ = [
    "GCRA",
    "SMSC",
    "APIError",
    "Ack",
    "ActionResult",
    "AsyncSMSC",
    "Attempt",
    "AuthenticationError",
    "Balance",
    "BulkJob",
    "BulkOutcome",
    "BulkReport",
    "CallParams",
    "CallbackError",
    "Channel",
    "ClientClosedError",
    "CodeAlreadySentError",
    "CodeUndeliverableError",
    "ConfigurationError",
    "ConnectError",
    "ConnectTimeout",
    "Contact",
    "CostMode",
    "CostResult",
    "Currency",
    "DecodeError",
    "DeleteFailedError",
    "DeliveryErrorCode",
    "DeliveryReport",
    "DeliveryUnknownError",
    "DocumentFile",
    "DuplicateSendError",
    "Group",
    "GroupType",
    "HTTPStatusError",
    "HistoryMessage",
    "IPBlockedError",
    "InboxMessage",
    "IncomingMessage",
    "InsufficientFundsError",
    "InvalidCodeError",
    "InvalidPhoneError",
    "InvalidTimeError",
    "Invoice",
    "Job",
    "JobAdded",
    "Limiter",
    "LimitsUnavailableError",
    "LinkNotFoundError",
    "LocalLimiter",
    "MessageDeniedError",
    "MessageStatus",
    "MoveMode",
    "NetworkError",
    "NotFoundError",
    "OperatorInfo",
    "OperatorNotFoundError",
    "OperatorRegistrationStatus",
    "OperatorRegistrations",
    "OperatorTemplate",
    "OutcomeState",
    "ParameterError",
    "PhoneResult",
    "PoolTimeout",
    "Quota",
    "RateLimitedError",
    "ReadTimeout",
    "ReceivePhone",
    "Recipient",
    "RecordsNotFoundError",
    "Repeat",
    "RetryPolicy",
    "SMSCError",
    "SaveFailedError",
    "SendResult",
    "SenderDocument",
    "SenderName",
    "SenderNameStatus",
    "SenderNotFoundError",
    "SenderRegistration",
    "SenderReplacement",
    "SenderResult",
    "ShortLink",
    "StatsRow",
    "StatusReport",
    "SubclientStats",
    "SubclientType",
    "Tariff",
    "Template",
    "TemplateFormat",
    "TemplateResult",
    "TimeoutError",
    "Timeouts",
    "TrackedMessage",
    "Tracker",
    "Translit",
    "TransportError",
    "UndeliverableError",
    "ValidationError",
    "Voice",
    "VoiceCodeResult",
    "WaitCall",
    "WriteTimeout",
    "__version__",
    "decode",
]

#: Where each lazily imported public name lives (the same pairs as the imports above;
#: tests/test_import_graph.py checks that the two and ``__all__`` agree).
_LAZY: dict[str, tuple[str, ...]] = {
    ".bulk": (
        "BulkJob",
        "BulkOutcome",
        "BulkReport",
        "OutcomeState",
        "Recipient",
    ),
    ".client": ("AsyncSMSC",),
    ".decoding": ("decode",),
    ".errors": (
        "APIError",
        "AuthenticationError",
        "CallbackError",
        "ClientClosedError",
        "ConfigurationError",
        "ConnectError",
        "ConnectTimeout",
        "DecodeError",
        "DeleteFailedError",
        "DeliveryUnknownError",
        "DuplicateSendError",
        "HTTPStatusError",
        "InsufficientFundsError",
        "InvalidPhoneError",
        "InvalidTimeError",
        "IPBlockedError",
        "LimitsUnavailableError",
        "LinkNotFoundError",
        "CodeAlreadySentError",
        "CodeUndeliverableError",
        "InvalidCodeError",
        "NotFoundError",
        "OperatorNotFoundError",
        "RecordsNotFoundError",
        "SaveFailedError",
        "SenderNotFoundError",
        "MessageDeniedError",
        "NetworkError",
        "ParameterError",
        "PoolTimeout",
        "RateLimitedError",
        "ReadTimeout",
        "SMSCError",
        "TimeoutError",
        "TransportError",
        "UndeliverableError",
        "ValidationError",
        "WriteTimeout",
    ),
    ".models": (
        "Ack",
        "ActionResult",
        "Balance",
        "Contact",
        "CostResult",
        "Currency",
        "DeliveryErrorCode",
        "DocumentFile",
        "Group",
        "GroupType",
        "HistoryMessage",
        "InboxMessage",
        "Invoice",
        "Job",
        "JobAdded",
        "MessageStatus",
        "OperatorInfo",
        "OperatorRegistrations",
        "OperatorRegistrationStatus",
        "OperatorTemplate",
        "PhoneResult",
        "ReceivePhone",
        "Repeat",
        "SenderName",
        "SenderNameStatus",
        "SenderReplacement",
        "SenderResult",
        "SendResult",
        "ShortLink",
        "StatsRow",
        "StatusReport",
        "SubclientStats",
        "SubclientType",
        "Tariff",
        "Template",
        "TemplateResult",
        "VoiceCodeResult",
        "WaitCall",
    ),
    ".operations": (
        "CostMode",
        "Translit",
    ),
    ".operations.contacts_groups": ("MoveMode",),
    ".operations.send_options": (
        "CallParams",
        "Channel",
        "Voice",
    ),
    ".operations.senders_params": (
        "SenderDocument",
        "SenderRegistration",
    ),
    ".operations.templates": ("TemplateFormat",),
    ".quotas": ("Quota",),
    ".ratelimit": (
        "GCRA",
        "Limiter",
        "LocalLimiter",
    ),
    ".retry": ("RetryPolicy",),
    ".session": ("Attempt",),
    ".sync": ("SMSC",),
    ".tracking": (
        "TrackedMessage",
        "Tracker",
    ),
    ".transport": ("Timeouts",),
    ".webhooks": (
        "DeliveryReport",
        "IncomingMessage",
    ),
}

_HOME = {name: module for module, names in _LAZY.items() for name in names}

if not TYPE_CHECKING:  # for type checkers an unknown name must stay an error

    def __getattr__(name: str) -> Any:
        """Import a public name's module the first time the name is used."""
        module = _HOME.get(name)
        if module is None:  # a deprecated name still resolves, with a warning
            from ._deprecations import renamed_attribute

            return renamed_attribute(__name__, name)
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
