# SPDX-License-Identifier: EUPL-1.2
"""International protection procedure (IP-*): one module per rule."""
