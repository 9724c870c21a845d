# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "passage.portal"
    label = "portal"
    verbose_name = "The employer portal"
