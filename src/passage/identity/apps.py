# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "passage.identity"
    label = "identity"
    verbose_name = "Login through the federal-login-shaped OpenID provider"

    def ready(self) -> None:
        from passage.identity import signals  # noqa: F401 (connects the receiver)
        from passage.identity.logfilter import install

        install()
