"""Which links the theme may write into ``href`` and ``src``."""

from __future__ import annotations

from typing import Any

from coachcontent.models.validators import url_problem


def safe_href(value: Any) -> str:
    """``value`` when it is an http, https or mailto URL or a site path, else ``""``.

    Models validate their own links; this guards what they do not own:
    front-matter ``extra`` values and variables added by other plugins.
    Templates write the link only when the result is not empty.
    """
    if isinstance(value, str) and url_problem(value) is None:
        return value
    return ""
