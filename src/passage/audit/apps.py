# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "passage.audit"
    label = "audit"
    verbose_name = "Audit log"
