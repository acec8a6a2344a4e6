"""Errors: model invariants that do not hold, and problems found in content files."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen


@frozen(kw_only=True)
class Problem:
    """One broken invariant of a :class:`~coachcontent.Site`.

    :param subject: what is wrong, as ``kind:key``: ``post:my-slug``,
        ``page:about/contact``, ``term:categories:sales``, ``menu:main:0.2``
        (the item's index at each level), ``author:maren``, ``site``.
    :param field: the field, e.g. ``authors`` or ``parent``.
    :param message: what is wrong and what was expected.
    """

    subject: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.field}: {self.message}"


class InvalidSiteError(ValueError):
    """A :class:`~coachcontent.Site` was built with broken references or trees.

    ``problems`` lists every problem, not only the first.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"the site has {len(self.problems)} problem(s):\n{lines}")


@frozen(kw_only=True, order=True)
class ContentError:
    """A problem in a content file, with where it is.

    Printed as ``file:line: field: message``, the form editors and CI logs link.
    """

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentErrors(Exception):
    """Loading found problems; ``errors`` lists all of them, sorted by file and line."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: tuple[ContentError, ...] = tuple(sorted(set(errors)))
        super().__init__("\n".join(str(error) for error in self.errors))


class BuildError(Exception):
    """The build could not write the site (a path conflict, a failing renderer, a bad folder).

    The previous output folder is left untouched when this is raised.
    """
