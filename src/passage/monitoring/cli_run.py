# SPDX-License-Identifier: EUPL-1.2
"""`passage monitor` commands (see cli.py)."""

from __future__ import annotations

from passage.monitoring.cli import monitor_app  # noqa: F401
