"""The error the feeds plugin raises for content or settings it cannot turn into a valid feed."""

from __future__ import annotations

from collections.abc import Iterable

from coachcontent import BuildError


class FeedError(BuildError):
    """A post or ``[feeds]`` setting cannot make a valid feed (e.g. an enclosure without a length).

    A :class:`~coachcontent.BuildError`, so the command line reports it as a
    build error and the previous output stays untouched.  ``problems`` lists
    every problem found, each naming the file (or table) and the field.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems))
