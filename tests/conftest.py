"""Shared fixtures: the private sound server, a temporary STRETCHAPP_HOME, no stray timers."""

from __future__ import annotations

import os

# Tests never open a real window or talk to the user's sound server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["audio_fixtures"]
