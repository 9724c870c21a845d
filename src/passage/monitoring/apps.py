# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "passage.monitoring"
    label = "monitoring"
    verbose_name = "Early Warning"
    default_auto_field = "django.db.models.BigAutoField"
