# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passage.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
