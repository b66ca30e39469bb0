"""The README's FastAPI app and its test (README.md, "FastAPI" and "Testing your code"),
here in one module; tests/docs runs the README's own blocks."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from aiosmsc.contrib.fastapi import SMSC, callback_router, smsc_lifespan
from aiosmsc.testing.plugin import EmulatorKit
from aiosmsc.webhooks import DeliveryReport

SECRET = "test-secret"  # the README reads it from SMSC_CALLBACK_SECRET


def make_app() -> FastAPI:
    app = FastAPI(lifespan=smsc_lifespan())
    deliveries: dict[str, DeliveryReport] = {}

    def on_status(report: DeliveryReport) -> None:
        deliveries[f"{report.phone}/{report.id}"] = report

    app.include_router(callback_router(on_status=on_status, secret=SECRET))

    @app.post("/notify/{phone}")
    async def notify(phone: str, smsc: SMSC) -> dict[str, str]:
        sent = await smsc.send(phone, "Your order has shipped")
        return {"id": sent.id}

    @app.get("/delivered/{phone}/{message_id}")
    async def delivered(phone: str, message_id: str) -> dict[str, bool]:
        report = deliveries.get(f"{phone}/{message_id}")
        return {"delivered": report is not None and report.is_delivered}

    return app


@pytest.mark.smsc_emulator(callback_secret=SECRET)
async def test_delivery_callback(smsc_env: dict[str, str], smsc_kit: EmulatorKit) -> None:
    app = make_app()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://app.test"
        ) as http,
    ):
        sent = (await http.post("/notify/79990000001")).json()
        assert not (await http.get(f"/delivered/79990000001/{sent['id']}")).json()["delivered"]
        smsc_kit.settle()
        await smsc_kit.deliver_callbacks(http)
        assert (await http.get(f"/delivered/79990000001/{sent['id']}")).json()["delivered"]
    assert smsc_kit.texts_to("79990000001") == ["Your order has shipped"]
