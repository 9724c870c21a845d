# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "passage.web"
    label = "web"
    verbose_name = "Shared web plumbing: layout, navigation by role, errors, language, htmx helpers"
