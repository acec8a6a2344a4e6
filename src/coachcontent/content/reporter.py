"""Collecting every problem of a load, each with its file, line and field."""

from __future__ import annotations

from coachcontent.errors import ContentError, ContentErrors


class Reporter:
    """Gathers :class:`~coachcontent.ContentError` records; raises them all at the end."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def error(self, path: str, line: int, field: str, message: str) -> None:
        """Record one problem."""
        self.errors.append(ContentError(path=path, line=line, field=field, message=message))

    def raise_if_any(self) -> None:
        """Raise :class:`~coachcontent.ContentErrors` when anything was recorded."""
        if self.errors:
            raise ContentErrors(self.errors)
