# SPDX-License-Identifier: EUPL-1.2
"""The back office at /office/ (issue 11): officers' queues, the case page and its actions."""
