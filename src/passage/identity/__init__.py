# SPDX-License-Identifier: EUPL-1.2
"""Login through the federal-login-shaped OpenID provider."""
