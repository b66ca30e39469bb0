"""Raw HTTP to the emulator: the plugin's ``smsc_emulator`` (on ``smsc_clock``, a manual
clock starting at ``START``), reached in-process through plain httpx."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from aiosmsc.testing import SMSCEmulator

START = 1_700_000_000.0
AUTH = {"login": "demo", "psw": "demo-password", "charset": "utf-8"}


class Api:
    """Raw calls to the emulator's scripts; values are sent as strings."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def response(
        self,
        script: str,
        *,
        method: str = "POST",
        auth: dict[str, str] | None = None,
        **params: Any,
    ) -> httpx.Response:
        data = {**(AUTH if auth is None else auth), **{k: str(v) for k, v in params.items()}}
        url = f"/sys/{script}.php"
        if method == "GET":
            return await self.client.get(url, params=data)
        return await self.client.post(url, data=data)

    async def text(self, script: str, **params: Any) -> str:
        response = await self.response(script, **params)
        assert response.status_code == 200
        return response.text

    async def json(self, script: str, **params: Any) -> Any:
        return json.loads(await self.text(script, fmt=3, **params))


@pytest.fixture
async def client(smsc_emulator: SMSCEmulator) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=smsc_emulator.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://smsc.test") as client:
        yield client


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)
