# SPDX-License-Identifier: EUPL-1.2
"""Passage: migration management for Belgium."""

__version__ = "0.1.0"
