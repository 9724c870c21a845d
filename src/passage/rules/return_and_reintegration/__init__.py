# SPDX-License-Identifier: EUPL-1.2
"""Return and reintegration (RET-*): one module per rule."""
