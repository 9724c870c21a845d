# SPDX-License-Identifier: EUPL-1.2
"""Passage: migration management for Belgium."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # `celery -A passage` finds the app here. Imported on first use only, so starting Django
    # (web, management commands) never imports Celery or needs a broker.
    if name in {"celery", "celery_app"}:
        import importlib

        module = importlib.import_module("passage.celery")
        return module.app if name == "celery_app" else module
    raise AttributeError(f"module 'passage' has no attribute {name!r}")
