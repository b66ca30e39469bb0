"""The plugin as a user gets it: registered through the ``pytest11`` entry point. That
it then works in pytest-asyncio's strict mode in a project of its own, and is cheap
where it is not used (pytest looks up every name a plugin lists, at the start of every
run), is checked on a user's project (user_project.py) that tests/docs/test_examples.py
runs in its pytest run of the README's test blocks."""

from __future__ import annotations

import importlib.metadata


def test_entry_point_is_registered() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert {p.name: p.value for p in points}.get("aiosmsc") == "aiosmsc.testing.plugin"
