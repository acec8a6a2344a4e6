"""Which links the theme may write into ``href`` and ``src``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from coachcontent.models.validators import url_problem


@lru_cache(maxsize=8192)  # the same menu, sidebar and share links on every page
def _allowed(url: str) -> bool:
    return url_problem(url) is None


def safe_href(value: Any) -> str:
    """``value`` when it is an http, https or mailto URL or a site path, else ``""``.

    Models validate their own links; this guards what they do not own:
    front-matter ``extra`` values and variables added by other plugins.
    Templates write the link only when the result is not empty.
    """
    # The verdict is kept by the plain string; the value returned is the one given
    # (a Markup value stays Markup, a str stays str and is escaped by the template).
    if isinstance(value, str) and _allowed(str.__str__(value)):
        return value
    return ""
