"""aiosmsc: the asyncio client for the SMSC messaging service (smsc.ru, smscentre.com).

>>> async with AsyncSMSC(login="me", password="secret") as smsc:   # doctest: +SKIP
...     result = await smsc.send("79991234567", "Hello")
...     report = await smsc.status("79991234567", result.id)
"""

from typing import TYPE_CHECKING

from ._deprecations import renamed_attribute
from ._version import __version__
from .bulk import BulkJob, BulkOutcome, BulkReport, OutcomeState, Recipient
from .client import AsyncSMSC
from .decoding import decode
from .errors import (
    APIError,
    AuthenticationError,
    CallbackError,
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
from .operations import CostMode, Translit
from .operations.contacts_groups import MoveMode
from .operations.send_options import CallParams, Channel, Voice
from .operations.senders_params import SenderDocument, SenderRegistration
from .operations.templates import TemplateFormat
from .quotas import Quota
from .ratelimit import GCRA, Limiter, LocalLimiter
from .retry import RetryPolicy
from .session import Attempt
from .tracking import TrackedMessage, Tracker
from .transport import Timeouts
from .webhooks import DeliveryReport, IncomingMessage

__all__ = [
    "GCRA",
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
    "InvalidPhoneError",
    "InvalidTimeError",
    "Invoice",
    "Job",
    "JobAdded",
    "Limiter",
    "LinkNotFoundError",
    "LocalLimiter",
    "MessageDeniedError",
    "MessageStatus",
    "MoveMode",
    "NetworkError",
    "OperatorInfo",
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
    "Repeat",
    "RetryPolicy",
    "SMSCError",
    "SendResult",
    "SenderDocument",
    "SenderName",
    "SenderNameStatus",
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

if TYPE_CHECKING:
    from .models.codes import DeliveryError as DeliveryError


def __getattr__(name: str) -> object:
    # Deprecated names (DeliveryError -> DeliveryErrorCode) still resolve, with a warning.
    return renamed_attribute(__name__, name)
