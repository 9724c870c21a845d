# SPDX-License-Identifier: EUPL-1.2
"""Nationality (NAT-*): one module per rule."""
