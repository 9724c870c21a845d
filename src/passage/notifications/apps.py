# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "passage.notifications"
    label = "notifications"
    verbose_name = "Webhooks and e-mail notifications"
