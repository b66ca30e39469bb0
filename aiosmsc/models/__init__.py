"""Result models: attrs classes named after the service's wire fields."""

from typing import TYPE_CHECKING

from .._deprecations import renamed_attribute
from .accounts import Currency, DocumentFile, Invoice, SubclientStats, SubclientType
from .balance import Balance
from .base import MOSCOW, Model
from .codes import (
    DeliveryErrorCode,
    MessageStatus,
    describe_code,
    is_delivered_status,
    is_final_status,
)
from .contacts import Contact, Group, GroupType
from .data import (
    ActionResult,
    HistoryMessage,
    InboxMessage,
    OperatorInfo,
    ReceivePhone,
    ShortLink,
    StatsRow,
    Tariff,
    WaitCall,
)
from .jobs import Ack, Job, JobAdded, Repeat
from .send import CostResult, PhoneResult, SendResult, VoiceCodeResult
from .senders import OperatorRegistrations, SenderName, SenderReplacement, SenderResult
from .senders_codes import OperatorRegistrationStatus, SenderNameStatus
from .status import StatusReport
from .templates import OperatorTemplate, Template, TemplateResult

__all__ = [
    "MOSCOW",
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
    "Model",
    "OperatorInfo",
    "OperatorRegistrationStatus",
    "OperatorRegistrations",
    "OperatorTemplate",
    "PhoneResult",
    "ReceivePhone",
    "Repeat",
    "SendResult",
    "SenderName",
    "SenderNameStatus",
    "SenderReplacement",
    "SenderResult",
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
    "describe_code",
    "is_delivered_status",
    "is_final_status",
]

if TYPE_CHECKING:
    from .codes import DeliveryError as DeliveryError


def __getattr__(name: str) -> object:
    return renamed_attribute(__name__, name)
