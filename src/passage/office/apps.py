# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "passage.office"
    label = "office"
    verbose_name = "The back office for the regions and the Immigration Office"
