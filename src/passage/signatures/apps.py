# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "passage.signatures"
    label = "signatures"
    verbose_name = "PAdES signature validation against a trust list"
