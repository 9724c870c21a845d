# SPDX-License-Identifier: EUPL-1.2
"""Django's model backend, loading the user's ``Profile`` with the user.

Every request of a logged-in user reads the user (``get_user``) and then, for the row-level
security settings and the object rules, the profile (``passage.accounts.predicates``): two
statements, one with the profile joined — and, in the same statement, the employer scope of
the day (portal roles and mandates, ``passage.accounts.selectors.scope_annotations``), so that
a revoked role or mandate counts from the next request on. Authentication itself (passwords, ``is_active``,
permissions) is Django's ``ModelBackend`` unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from passage.accounts.selectors import user_with_scope_annotations


class ProfileModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            # A LEFT JOIN: a user without a profile (a superuser) still loads, and
            # ``user.profile`` then raises ``RelatedObjectDoesNotExist`` as before.
            user = user_with_scope_annotations(
                user_model._default_manager.select_related("profile"), timezone.localdate()
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
