"""Makes the test helpers importable (their names are unique to this plugin)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(scope="session")
def reference() -> ModuleType:
    """The brute-force reference implementation (tests/related_reference.py)."""
    import related_reference

    return related_reference
