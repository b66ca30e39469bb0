"""Result models: attrs classes named after the service's wire fields."""

from .balance import Balance
from .base import MOSCOW, Model
from .codes import DeliveryError, MessageStatus, describe_code
from .send import CostResult, PhoneResult, SendResult
from .status import StatusReport

__all__ = [
    "MOSCOW",
    "Balance",
    "CostResult",
    "DeliveryError",
    "MessageStatus",
    "Model",
    "PhoneResult",
    "SendResult",
    "StatusReport",
    "describe_code",
]
