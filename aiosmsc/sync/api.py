"""Blocking twins of the facade namespaces and mixins of :mod:`aiosmsc.api`.

One line per method: its parameters, types, defaults and docstring come from the async
method (tests/sync/test_parity.py fails when a method is missing on either side).
"""

from __future__ import annotations

from ..api import (
    Blacklist,
    ChannelsMixin,
    Contacts,
    DataMixin,
    Documents,
    Groups,
    Jobs,
    OperatorTemplates,
    ReceivePhones,
    Senders,
    Subclients,
    Templates,
)
from .bridge import BlockingNamespace, blocking, bridge
from .iterators import BlockingIterator

__all__ = [
    "BlockingBlacklist",
    "BlockingChannels",
    "BlockingContacts",
    "BlockingData",
    "BlockingDocuments",
    "BlockingGroups",
    "BlockingJobs",
    "BlockingOperatorTemplates",
    "BlockingReceivePhones",
    "BlockingSenders",
    "BlockingSubclients",
    "BlockingTemplates",
]


class BlockingChannels:
    """``smsc.hlr(...)``, ``smsc.ping(...)``, ``smsc.send_mms(...)``, ... (blocking)."""

    __slots__ = ()

    hlr = blocking(ChannelsMixin.hlr)
    ping = blocking(ChannelsMixin.ping)
    send_mms = blocking(ChannelsMixin.send_mms)
    send_mail = blocking(ChannelsMixin.send_mail)
    call = blocking(ChannelsMixin.call)
    voice_code = blocking(ChannelsMixin.voice_code)
    send_viber = blocking(ChannelsMixin.send_viber)
    send_telegram = blocking(ChannelsMixin.send_telegram)


class BlockingData:
    """``smsc.history(...)`` (a plain iterator), ``smsc.stats(...)``, ... (blocking)."""

    __slots__ = ()

    history = bridge(DataMixin.history, BlockingIterator)
    history_page = blocking(DataMixin.history_page)
    inbox = bridge(DataMixin.inbox, BlockingIterator)
    inbox_page = blocking(DataMixin.inbox_page)
    stats = blocking(DataMixin.stats)
    tariffs = blocking(DataMixin.tariffs)
    operator_info = blocking(DataMixin.operator_info)
    short_link = blocking(DataMixin.short_link)
    wait_call = blocking(DataMixin.wait_call)
    notify_event = blocking(DataMixin.notify_event)
    request = blocking(DataMixin.request)


class BlockingSenders(BlockingNamespace, twin=Senders):
    __slots__ = ()

    list = blocking(Senders.list)
    add = blocking(Senders.add)
    change = blocking(Senders.change)
    delete = blocking(Senders.delete)
    send_code = blocking(Senders.send_code)
    check_code = blocking(Senders.check_code)


class BlockingTemplates(BlockingNamespace, twin=Templates):
    __slots__ = ()

    list = blocking(Templates.list)
    add = blocking(Templates.add)
    change = blocking(Templates.change)
    delete = blocking(Templates.delete)


class BlockingOperatorTemplates(BlockingNamespace, twin=OperatorTemplates):
    __slots__ = ()

    list = blocking(OperatorTemplates.list)
    add = blocking(OperatorTemplates.add)


class BlockingJobs(BlockingNamespace, twin=Jobs):
    __slots__ = ()

    add = blocking(Jobs.add)
    delete = blocking(Jobs.delete)
    cancel = blocking(Jobs.cancel)
    get = blocking(Jobs.get)
    list = blocking(Jobs.list)


class BlockingContacts(BlockingNamespace, twin=Contacts):
    __slots__ = ()

    add = blocking(Contacts.add)
    change = blocking(Contacts.change)
    delete = blocking(Contacts.delete)
    list = blocking(Contacts.list)
    iterate = bridge(Contacts.iterate, BlockingIterator)


class BlockingGroups(BlockingNamespace, twin=Groups):
    __slots__ = ()

    add = blocking(Groups.add)
    change = blocking(Groups.change)
    delete = blocking(Groups.delete)
    list = blocking(Groups.list)
    move = blocking(Groups.move)


class BlockingBlacklist(BlockingNamespace, twin=Blacklist):
    __slots__ = ()

    add = blocking(Blacklist.add)
    delete = blocking(Blacklist.delete)


class BlockingSubclients(BlockingNamespace, twin=Subclients):
    __slots__ = ()

    add = blocking(Subclients.add)
    change = blocking(Subclients.change)
    pay = blocking(Subclients.pay)
    stats = blocking(Subclients.stats)
    stats_all = blocking(Subclients.stats_all)


class BlockingDocuments(BlockingNamespace, twin=Documents):
    __slots__ = ()

    create_invoice = blocking(Documents.create_invoice)
    get_invoice = blocking(Documents.get_invoice)
    get_act = blocking(Documents.get_act)


class BlockingReceivePhones(BlockingNamespace, twin=ReceivePhones):
    __slots__ = ()

    list = blocking(ReceivePhones.list)
    buy = blocking(ReceivePhones.buy)
    change = blocking(ReceivePhones.change)
