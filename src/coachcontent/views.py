"""A :class:`View` says which page of the site is being produced, for plugins to answer about;
a :class:`Deferred` is a template variable that a plugin lets a theme compute only if a template reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from attrs import frozen

from coachcontent.models.author import Author
from coachcontent.models.entry import Page, Post
from coachcontent.models.navigation import TermRef

T = TypeVar("T")

ViewKind = Literal["home", "post", "page", "term", "author", "archive", "search", "not-found", "other"]


@frozen(kw_only=True)
class View:
    """One page of the output being rendered.

    :param kind: what sort of page it is.
    :param url: its site path, e.g. ``/2024/05/my-post/``.
    :param title: its title.
    :param post: the post shown, for ``kind="post"``.
    :param page: the page shown, for ``kind="page"``.
    :param term: the term listed, for ``kind="term"``.
    :param author: the author listed, for ``kind="author"``.
    :param year: the year listed, for ``kind="archive"``.
    :param month: the month listed, for a monthly archive.
    :param page_number: the page of a paginated listing, from 1.
    """

    kind: ViewKind
    url: str
    title: str = ""
    post: Post | None = None
    page: Page | None = None
    term: TermRef | None = None
    author: Author | None = None
    year: int | None = None
    month: int | None = None
    page_number: int = 1

    @property
    def entry(self) -> Post | Page | None:
        """The post or page shown, if any."""
        return self.post if self.post is not None else self.page


class Deferred(Generic[T]):
    """A template variable worked out the first time a template reads it.

    A plugin's ``coachcontent_template_context`` may give a value that costs
    time and that a theme may never show as ``Deferred(function)``.  The
    theme calls ``function()`` (with no arguments) when a template first reads
    the name, and gives that result to every later read on the same page; a
    template that never reads the name never computes it::

        return {"reading_minutes": Deferred(lambda: minutes_to_read(post))}

    Code that reads the merged variables itself (rather than through a theme's
    templates) calls :func:`resolved` on each value.
    """

    __slots__ = ("_function", "_value")

    def __init__(self, function: Callable[[], T]) -> None:
        if not callable(function):
            raise TypeError(f"Deferred needs a function of no arguments, got {type(function).__name__}")
        self._function: Callable[[], T] | None = function
        self._value: T | None = None

    @property
    def value(self) -> T:
        """The function's result: computed on the first read, then remembered."""
        function = self._function
        if function is not None:
            self._value = function()
            self._function = None
        return self._value  # type: ignore[return-value]  # set above on the first read

    @property
    def computed(self) -> bool:
        """Whether :attr:`value` has been read (and the function called)."""
        return self._function is None

    def __repr__(self) -> str:
        return f"Deferred({self._value!r})" if self.computed else "Deferred(<not computed>)"


def resolved(value: object) -> object:
    """``value.value`` for a :class:`Deferred`, else ``value`` itself."""
    return value.value if type(value) is Deferred else value
