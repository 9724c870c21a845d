# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
)
assert _spec is not None and _spec.loader is not None
if "casework_factories" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)
