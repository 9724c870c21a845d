# SPDX-License-Identifier: EUPL-1.2
"""The Celery application: background work (outbox publishing, bulk re-evaluation).

Configured from the Django settings' ``CELERY_*`` names (see the "Celery" block in
``passage.conf.settings``). Creating the app opens no connection. With no CELERY_BROKER_URL
the broker is the embedded one, kombu's SQLAlchemy transport on Passage's PostgreSQL
(``passage.conf.broker``); tasks never run inline.

Run a worker with ``passage worker`` (or ``celery -A passage.celery worker``).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

from passage.conf.broker import register_transport

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
# Before any connection is made: sqla+ URLs get the transport that shares its bindings.
register_transport()

app = Celery("passage")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Task modules are imported by the worker (after django.setup()), not at import time here.
app.autodiscover_tasks(["passage.casework", "passage.notifications", "passage.monitoring"])

app.conf.beat_schedule = {
    # The web process publishes the outbox right after each commit; this sweep catches rows
    # whose trigger was lost (worker restart, broker blip, eager mode without a broker).
    "outbox-publish-sweep": {
        "task": "passage.casework.outbox_publish",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    # Webhooks and e-mail for published events, and retries whose backoff has run out.
    "notifications-deliveries-due": {
        "task": "passage.notifications.deliveries_due",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    # New parameter values (an indexation) take effect on a date; re-evaluating every pending
    # application each night flags those whose outcome changed on that date.
    "reevaluate-pending-nightly": {
        "task": "passage.casework.reevaluate_pending",
        "schedule": crontab(hour=2, minute=30),
    },
    # Early Warning: recompute snapshot, indicators, forecasts and alerts every hour.
    "monitoring-refresh": {
        "task": "passage.monitoring.refresh",
        "schedule": crontab(minute=15),
        "options": {"expires": 3000},
    },
    # Early Warning: alert e-mails and signed webhooks, and their retries.
    "monitoring-alert-deliveries-due": {
        "task": "passage.monitoring.alert_deliveries_due",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
}
