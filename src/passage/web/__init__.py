# SPDX-License-Identifier: EUPL-1.2
"""Shared web plumbing: layout, navigation by role, errors, language, htmx helpers."""
