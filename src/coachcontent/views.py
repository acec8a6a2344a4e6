"""A :class:`View` says which page of the site is being produced, for plugins to answer about."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from coachcontent.models.author import Author
from coachcontent.models.entry import Page, Post
from coachcontent.models.navigation import TermRef

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
