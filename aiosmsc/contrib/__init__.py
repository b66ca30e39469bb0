"""Integrations with web frameworks (optional extras): :mod:`aiosmsc.contrib.fastapi`."""
