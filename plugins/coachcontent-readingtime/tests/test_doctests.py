"""The examples in the plugin's docstrings hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest
from coachcontent_readingtime import ical, words


@pytest.mark.parametrize("module", [ical, words], ids=lambda module: module.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
