# SPDX-License-Identifier: EUPL-1.2
"""Bound the nesting of a JSON text before parsing it (issue 12 item 6).

Python's ``json`` recurses once per ``[`` or ``{``: a body of 10 000 brackets raises
RecursionError (a 500 on the API, a traceback on the CLI) after it has used the stack. The
scan here runs at C speed (bytes.count, one regular expression, bytes.translate and NumPy) and
never recurses, so every caller can refuse a too-deep text with a clear message first.
No Django: the rules CLI and the web middleware share it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: Deeper than any document Passage takes (a family case with members is about 4 levels).
MAX_JSON_DEPTH = 32

# An escape is a backslash and one character (\uXXXX's hex digits are neither quotes nor
# brackets), so removing escapes first leaves strings as plain "…" runs.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_SYNTAX = bytes(b for b in range(256) if b not in b'[]{}"')


@cache
def _steps() -> Any:
    # NumPy only here: `passage rules check` on a small case must not pay for importing it.
    import numpy as np

    table = np.zeros(256, dtype=np.int64)
    table[list(b"[{")] = 1
    table[list(b"]}")] = -1
    return table


class JSONTooDeep(ValueError):
    """The text nests arrays or objects deeper than allowed."""

    def __init__(self, depth: int, limit: int) -> None:
        super().__init__(
            f"is nested too deeply: arrays or objects deeper than {limit} levels (at least {depth})"
        )
        self.depth = depth
        self.limit = limit


def json_depth(text: bytes | str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (0 for a scalar)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if data.count(b"[") + data.count(b"{") == 0:
        return 0
    if b"\\" in data:
        data = _ESCAPE.sub(b"", data)
    # Only brackets and quotes are left, then only the brackets outside strings.
    brackets = _STRING.sub(b"", data.translate(None, _NOT_SYNTAX)).replace(b'"', b"")
    if not brackets:
        return 0
    import numpy as np

    steps = _steps()[np.frombuffer(brackets, dtype=np.uint8)]
    return int(np.cumsum(steps).max(initial=0))


def check_json_depth(text: bytes | str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise JSONTooDeep when ``text`` nests deeper than ``limit``; cheap when it cannot."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    # Fewer brackets than the limit cannot nest beyond it: most bodies stop here.
    if data.count(b"[") + data.count(b"{") <= limit:
        return
    depth = json_depth(data)
    if depth > limit:
        raise JSONTooDeep(depth, limit)
