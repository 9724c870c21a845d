# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "passage.casework"
    label = "casework"
    verbose_name = "Single-permit casework"
