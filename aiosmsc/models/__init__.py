"""Result models: attrs classes named after the service's wire fields."""

from .accounts import Currency, DocumentFile, Invoice, SubclientStats, SubclientType
from .balance import Balance
from .base import MOSCOW, Model
from .codes import DeliveryError, MessageStatus, describe_code
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
    "DeliveryError",
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
]
