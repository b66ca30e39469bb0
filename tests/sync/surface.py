"""The public surface of both facades, as ``{"send": member, "senders.list": member}``."""

from __future__ import annotations

import inspect
from typing import Any

from aiosmsc import SMSC, AsyncSMSC
from aiosmsc.api.base import Namespace
from aiosmsc.sync.bridge import BlockingNamespace

#: Async names whose blocking twins are named otherwise.
RENAMED = {"aclose": "close"}


def _public(cls: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        static = inspect.getattr_static(cls, name)
        found[name] = static if isinstance(static, property) else getattr(cls, name)
    return found


def async_surface() -> dict[str, Any]:
    client = AsyncSMSC(login="demo", password="secret")  # nothing is sent
    found: dict[str, Any] = {}
    for name, member in _public(AsyncSMSC).items():
        found[RENAMED.get(name, name)] = member
    for name in dir(client):
        value = getattr(client, name)
        if isinstance(value, Namespace):
            for method, member in _public(type(value)).items():
                found[f"{name}.{method}"] = member
    return found


def blocking_surface() -> dict[str, Any]:
    found = _public(SMSC)
    for name, member in list(found.items()):
        if isinstance(member, type) and issubclass(member, BlockingNamespace):
            for method, inner in _public(member).items():
                if method != "twin":
                    found[f"{name}.{method}"] = inner
    return found
