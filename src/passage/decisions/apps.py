# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "passage.decisions"
    label = "decisions"
    default_auto_field = "django.db.models.BigAutoField"
