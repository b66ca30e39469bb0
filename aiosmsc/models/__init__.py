"""Result models: attrs classes named after the service's wire fields.

Each name is imported on first use (PEP 562): importing one model module, or the
package, does not create every model class (the decoder needs only ``base``, a webhook
receiver only ``codes``). Type checkers read the imports below instead.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .accounts import Currency, DocumentFile, Invoice, SubclientStats, SubclientType
    from .balance import Balance
    from .base import MOSCOW, Model
    from .codes import DeliveryError as DeliveryError  # deprecated alias
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

#: Where each public name lives (the same pairs as the imports above).
_LAZY: dict[str, tuple[str, ...]] = {
    ".accounts": ("Currency", "DocumentFile", "Invoice", "SubclientStats", "SubclientType"),
    ".balance": ("Balance",),
    ".base": ("MOSCOW", "Model"),
    ".codes": (
        "DeliveryErrorCode",
        "MessageStatus",
        "describe_code",
        "is_delivered_status",
        "is_final_status",
    ),
    ".contacts": ("Contact", "Group", "GroupType"),
    ".data": (
        "ActionResult",
        "HistoryMessage",
        "InboxMessage",
        "OperatorInfo",
        "ReceivePhone",
        "ShortLink",
        "StatsRow",
        "Tariff",
        "WaitCall",
    ),
    ".jobs": ("Ack", "Job", "JobAdded", "Repeat"),
    ".send": ("CostResult", "PhoneResult", "SendResult", "VoiceCodeResult"),
    ".senders": ("OperatorRegistrations", "SenderName", "SenderReplacement", "SenderResult"),
    ".senders_codes": ("OperatorRegistrationStatus", "SenderNameStatus"),
    ".status": ("StatusReport",),
    ".templates": ("OperatorTemplate", "Template", "TemplateResult"),
}


def _renamed(name: str) -> object:
    # A deprecated name still resolves, with a warning.
    from .._deprecations import renamed_attribute

    return renamed_attribute(__name__, name, stacklevel=4)  # past the lazy __getattr__


if not TYPE_CHECKING:  # for type checkers an unknown name must stay an error
    __getattr__, __dir__ = lazy_names(__name__, __package__, _LAZY, missing=_renamed)
