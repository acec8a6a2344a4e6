"""What an import did: counts per kind and every warning with the item it concerns."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen


@frozen(kw_only=True, order=True)
class ImportWarning:
    """Something the import could not carry over as it was.

    :param line: the line of the export the item starts on (0 for the site as a whole).
    :param subject: what it concerns: ``post:hello-world``, ``page:about/team``,
        ``menu:main``, ``category:news``, ``author:maren``, ``item 42`` or ``site``.
    :param message: what happened.
    """

    line: int
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.subject}: {self.message}"


def _warnings(value: Iterable[ImportWarning]) -> tuple[ImportWarning, ...]:
    return tuple(value)


@frozen(kw_only=True)
class ImportReport:
    """The result of :func:`~coachcontent.importers.wordpress.import_wordpress`.

    Counts are of what was written (or, in a dry run, would have been).
    """

    source: str
    target: str
    dry_run: bool = False
    posts: int = 0
    pages: int = 0
    drafts: int = 0
    comments: int = 0
    attachments: int = 0
    authors: int = 0
    categories: int = 0
    tags: int = 0
    terms: int = 0
    menus: int = 0
    menu_items: int = 0
    skipped: int = 0
    files: int = 0
    warnings: tuple[ImportWarning, ...] = field(default=(), converter=_warnings)

    def lines(self) -> list[str]:
        """The report as the command prints it (without the warnings)."""
        verb = "Would import" if self.dry_run else "Imported"
        where = "" if self.dry_run else f" into {self.target}"
        return [
            f"{verb} {self.source}{where}:",
            f"  posts:       {self.posts}",
            f"  pages:       {self.pages}",
            f"  drafts:      {self.drafts} (of the posts and pages)",
            f"  comments:    {self.comments}",
            f"  attachments: {self.attachments}",
            f"  authors:     {self.authors}",
            f"  categories:  {self.categories}",
            f"  tags:        {self.tags}",
            f"  other terms: {self.terms}",
            f"  menus:       {self.menus} ({self.menu_items} items)",
            f"  skipped:     {self.skipped} item(s)",
            f"  warnings:    {len(self.warnings)}",
        ]
