"""Facade namespaces and mixins, one module per area of the API."""

from .accounts import Documents, Subclients
from .base import Caller, FacadeMixin, Namespace
from .channels import ChannelsMixin
from .contacts import Blacklist, Contacts, Groups
from .data import DataMixin, ReceivePhones
from .jobs import Jobs
from .senders import Senders
from .templates import OperatorTemplates, Templates

__all__ = [
    "Blacklist",
    "Caller",
    "ChannelsMixin",
    "Contacts",
    "DataMixin",
    "Documents",
    "FacadeMixin",
    "Groups",
    "Jobs",
    "Namespace",
    "OperatorTemplates",
    "ReceivePhones",
    "Senders",
    "Subclients",
    "Templates",
]
