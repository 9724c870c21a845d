# SPDX-License-Identifier: EUPL-1.2
"""The ``passage`` command (the console script's entry point).

``passage rules check [FILE]`` on one case must finish as a whole process within 0.2 s on two
cores (issue 9 item 2). Typer alone costs more than that: it imports Click, and since 0.29
Pydantic, to coerce any parameter. So ``main`` runs that one invocation, in its plain forms
(no options, at most one FILE), through ``passage.rules.cli_check`` without loading Typer;
every other invocation, including ``passage rules check --help``, goes to the Typer
application in ``passage.cli_app``. Both paths run the same code for the check itself.

Bad input exits with code 2 and a one-line message naming the field; no tracebacks.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
    import django

    django.setup()


def __getattr__(name: str) -> Any:
    # ``from passage.cli import app`` keeps working (tests drive the app with CliRunner);
    # the Typer application is only built when someone asks for it.
    if name == "app":
        from passage.cli_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _plain_rules_check(argv: list[str]) -> tuple[bool, Path | None]:
    """Whether ``argv`` is ``rules check [FILE]`` in a plain form, and its FILE (None: standard
    input). Options (``--help``), a second argument or another command need Typer."""
    if argv[:2] != ["rules", "check"] or len(argv) > 3:
        return False, None
    if len(argv) == 2:
        return True, None
    if argv[2].startswith("-") and argv[2] != "-":
        return False, None
    from pathlib import Path

    return True, Path(argv[2])


def main() -> None:
    try:
        plain, file = _plain_rules_check(sys.argv[1:])
        if plain:
            from passage.rules.cli_check import check

            check(file)
        else:
            from passage.cli_app import app

            app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
