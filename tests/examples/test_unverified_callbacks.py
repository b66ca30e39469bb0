"""A callback endpoint that anyone could post forged statuses to says so, loudly, when it
is created (README "FastAPI"; aiosmsc.contrib.fastapi.callback_router)."""

from __future__ import annotations

import logging
import warnings

import pytest

from aiosmsc.contrib.fastapi import UnverifiedCallbacksWarning, callback_router


def test_no_secret_and_no_token_warns_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="aiosmsc.contrib.fastapi"),
        pytest.warns(UnverifiedCallbacksWarning, match="no secret and no token") as caught,
    ):
        callback_router(on_status=print, path="/hooks/smsc")
    assert caught[0].filename == __file__  # points at the caller's line
    assert "/hooks/smsc" in caplog.text and "forged" in caplog.text


def test_unsigned_callbacks_allowed_without_a_token_warn_too() -> None:
    with pytest.warns(UnverifiedCallbacksWarning, match="accepts unsigned callbacks"):
        callback_router(on_status=print, secret="s3cret", require_signature=False)


@pytest.mark.parametrize(
    "checks",
    [
        {"secret": "s3cret"},
        {"token": "t0ken"},
        {"secret": "s3cret", "require_signature": False, "token": "t0ken"},
    ],
)
def test_a_secret_or_a_token_is_quiet(
    checks: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnverifiedCallbacksWarning)
        callback_router(on_status=print, **checks)  # type: ignore[arg-type]
    assert "forged" not in caplog.text


def test_the_warning_never_shows_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.warns(UnverifiedCallbacksWarning) as caught:
        callback_router(on_status=print, secret="very-s3cret", require_signature=False)
    assert "very-s3cret" not in str(caught[0].message) + caplog.text
