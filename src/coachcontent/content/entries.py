"""Reading post and page files: front matter checked key by key, body rendered to HTML."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from attrs import define, field

from coachcontent.content.frontmatter import FrontMatterError, parse_document
from coachcontent.content.links import content_problems
from coachcontent.content.markdown import render_markdown
from coachcontent.content.reporter import Reporter
from coachcontent.content.summary import split_more, well_formed
from coachcontent.content.values import (
    CONTROL_CHARACTERS,
    control_character_problem,
    to_bool,
    to_datetime,
    to_int,
    to_text,
    to_text_list,
)
from coachcontent.models.entry import Image
from coachcontent.models.validators import site_path_problem, slug_problem, url_problem
from coachcontent.slugs import make_slug

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
#: A content file larger than this is refused before it is read: no post needs it,
#: and every output that shows the post would carry it.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: At most this many control-character problems are listed per file.
MAX_CONTROL_REPORTS = 10

#: Front-matter keys the core reads; every other key is kept in ``extra``.
FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "The title (required).",
    "date": "Publication time; posts need one (or a YYYY-MM-DD- file-name prefix).",
    "updated": "When it was last changed.",
    "lastmod": "Hugo's name for updated.",
    "slug": "The URL part; by default made from the title (posts) or the file name (pages).",
    "author": "An author's slug or name.",
    "authors": "A list of authors' slugs or names.",
    "tags": "Tag names (a list, or one comma-separated string).",
    "categories": "Category name paths; 'Parent/Child' names a child category.",
    "summary": "The summary, in Markdown (HTML in .html files).",
    "description": "Used as the summary when there is no summary.",
    "draft": "true keeps it out of the site unless drafts are asked for.",
    "published": "Jekyll's published: false is the same as draft: true.",
    "canonical_url": "The original when this is an excerpt of an article published elsewhere.",
    "image": "A URL or site path, or a table with src, alt, width and height.",
    "aliases": "Old site paths that must keep working (redirect pages).",
    "weight": "Sort order among siblings (pages) or menus; lower first.",
    "sticky": "Keep the post at the top of the home page.",
    "comment_count": "How many approved comments the post has.",
    "id": "A permanent id, used by feeds as the entry id.",
}


@define
class RawEntry:
    """A content file read and checked, its references (authors, terms) still names."""

    kind: Literal["post", "page"]
    source: str  # path relative to the site folder, with /
    lines: dict[str, int]
    title: str = ""
    date: datetime | None = None
    updated: datetime | None = None
    explicit_slug: str | None = None
    derived_slug: str = ""
    authors: list[str] = field(factory=list)
    terms: dict[str, list[str]] = field(factory=dict)
    summary: str | None = None
    more: str | None = None
    body: str = ""
    draft: bool = False
    canonical_url: str | None = None
    image: Image | None = None
    aliases: list[str] = field(factory=list)
    weight: int = 0
    sticky: bool = False
    comment_count: int | None = None
    id: str | None = None
    extra: dict[str, Any] = field(factory=dict)
    folder_key: str = ""  # pages: the tree path from the folders, e.g. "about/contact"
    parent_key: str | None = None
    made_summary: str | None = None  # the summary made from the first words, once asked for

    def line(self, key: str) -> int:
        """The file line of a front-matter key (1 when it is not there)."""
        return self.lines.get(key, 1)


def read_entry(
    path: Path,
    source: str,
    kind: Literal["post", "page"],
    zone: ZoneInfo,
    taxonomies: dict[str, bool],
    reporter: Reporter,
    *,
    data: bytes | None = None,
) -> RawEntry | None:
    """Read one content file; record each problem and return ``None`` if it is unusable.

    :param data: the file's bytes when the caller has read them already.
    """
    size = path.stat().st_size if data is None else len(data)
    if size > MAX_FILE_BYTES:
        reporter.error(
            source,
            1,
            "size",
            f"{size} bytes is more than the {MAX_FILE_BYTES} bytes a content file may have "
            "(put large files in static/)",
        )
        return None
    if data is None:
        data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            reporter.error(source, 1, "encoding", "not UTF-8 but UTF-16 (save the file as UTF-8)")
            return None
        line = data[: error.start].count(b"\n") + 1
        reporter.error(source, line, "encoding", f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")
        return None
    if _control_characters(text, source, reporter):
        return None
    try:
        document = parse_document(text)
    except FrontMatterError as error:
        reporter.error(source, error.line, "front matter", error.message)
        return None
    entry = RawEntry(kind=kind, source=source, lines=document.lines)
    errors_before = len(reporter.errors)

    def problem(key: str, message: str) -> None:
        reporter.error(source, entry.line(key), key, message)

    fm = document.data
    for key, value in fm.items():
        reason = _text_problem(value)
        if reason:
            problem(key, reason)
    if len(reporter.errors) > errors_before:
        return None
    known = set(FRONT_MATTER_KEYS) | set(taxonomies)
    for key, value in fm.items():
        if key not in known:
            entry.extra[key] = value

    if "title" not in fm:
        reporter.error(source, 1, "title", "missing (every post and page needs a title)")
    else:
        try:
            entry.title = to_text(fm["title"]).strip()
            if not entry.title:
                problem("title", "must not be empty")
        except ValueError as error:
            problem("title", str(error))

    stem = path.stem
    folder_name = path.parent.name if stem == "index" else stem
    jekyll = JEKYLL_NAME.match(folder_name)
    if "date" in fm:
        try:
            entry.date = to_datetime(fm["date"], zone)
        except ValueError as error:
            problem("date", str(error))
    elif jekyll:
        try:
            entry.date = to_datetime("-".join(jekyll.groups()[:3]), zone)
        except ValueError:
            reporter.error(source, 1, "date", f"the file name's date prefix {folder_name[:10]!r} is not a date")
    elif kind == "post":
        reporter.error(
            source, 1, "date", "missing (posts need a date: front matter, or a YYYY-MM-DD- file-name prefix)"
        )
    for key in ("updated", "lastmod"):
        if key in fm:
            try:
                entry.updated = to_datetime(fm[key], zone)
            except ValueError as error:
                problem(key, str(error))

    if "slug" in fm:
        slug = fm["slug"]
        reason = slug_problem(slug)
        if reason:
            problem("slug", reason)
        else:
            entry.explicit_slug = slug
    if entry.explicit_slug is not None:
        pass  # the derived slug is used only when there is no explicit one
    elif kind == "post":
        if jekyll:
            entry.derived_slug = make_slug(jekyll.group(4), fallback="post")
        else:
            entry.derived_slug = make_slug(entry.title or folder_name, fallback="post")
    else:
        entry.derived_slug = make_slug(folder_name, fallback="page")

    for key in ("author", "authors"):
        if key in fm:
            try:
                entry.authors.extend(to_text_list(fm[key], split_commas=False))
            except ValueError as error:
                problem(key, str(error))

    for name in taxonomies:
        if name in fm:
            try:
                entry.terms[name] = to_text_list(fm[name], split_commas=(name == "tags"))
            except ValueError as error:
                problem(name, str(error))

    summary_key = "summary" if "summary" in fm else "description" if "description" in fm else None
    is_html = path.suffix.lower() in HTML_SUFFIXES
    if summary_key is not None:
        try:
            text_summary = to_text(fm[summary_key])
            entry.summary = well_formed(text_summary) if is_html else render_markdown(text_summary).strip()
        except ValueError as error:
            problem(summary_key, str(error))

    for key in ("draft", "sticky"):
        if key in fm:
            try:
                setattr(entry, key, to_bool(fm[key]))
            except ValueError as error:
                problem(key, str(error))
    if "published" in fm:
        try:
            if not to_bool(fm["published"]):
                entry.draft = True
        except ValueError as error:
            problem("published", str(error))

    if "canonical_url" in fm:
        value = fm["canonical_url"]
        reason = url_problem(value, relative=False)
        if reason is None and isinstance(value, str) and value.startswith("mailto:"):
            reason = "expected an http or https URL"
        if reason:
            problem("canonical_url", reason)
        else:
            entry.canonical_url = value

    if "image" in fm:
        entry.image = _image(fm["image"], problem)

    if "aliases" in fm:
        try:
            aliases = to_text_list(fm["aliases"])
        except ValueError as error:
            problem("aliases", str(error))
            aliases = []
        for alias in aliases:
            reason = site_path_problem(alias)
            if reason:
                problem("aliases", reason)
            else:
                entry.aliases.append(alias)

    for key, minimum in (("weight", None), ("comment_count", 0)):
        if key in fm:
            try:
                setattr(entry, key, to_int(fm[key], minimum=minimum))
            except ValueError as error:
                problem(key, str(error))
    if "id" in fm:
        try:
            entry.id = to_text(fm["id"]).strip() or None
        except ValueError as error:
            problem("id", str(error))

    head, has_more = split_more(document.body)
    if is_html:
        entry.body = well_formed(document.body.replace("<!--more-->", ""))
        if has_more:
            entry.more = well_formed(head)
    else:
        entry.body = render_markdown(document.body)
        if has_more:
            entry.more = render_markdown(head).strip()

    # HTML is checked as written too: re-serialising it may escape a URL into a harmless
    # form (``data%09:``) that would hide what the author wrote.
    for html in (entry.body, document.body) if is_html else (entry.body,):
        _check_markup(html, document.body, document.body_line, "body", source, reporter)
    _check_references(entry.body, document.body, document.body_line, "body", source, reporter)
    if summary_key is not None and entry.summary is not None:
        written = str(fm[summary_key])
        for html in (entry.summary, written) if is_html else (entry.summary,):
            _check_markup(html, written, entry.line(summary_key), summary_key, source, reporter)
        _check_references(entry.summary, written, entry.line(summary_key), summary_key, source, reporter)
    if len(reporter.errors) > errors_before:
        return None
    return entry


def _check_markup(html: str, written: str, first_line: int, key: str, source: str, reporter: Reporter) -> None:
    """Report links with other schemes and event-handler attributes in ``html``, made from ``written``."""
    for found in content_problems(html):
        # The line of the problem itself when it is written literally (attribute names in any case).
        offset = written.find(found.value) if found.kind == "link" else written.lower().find(found.value.lower())
        line = first_line + (written[:offset].count("\n") if offset >= 0 and key == "body" else 0)
        reporter.error(source, line, key, found.message())


#: A numeric character reference: ``&#1;``, ``&#x1F;``.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _check_references(html: str, written: str, first_line: int, key: str, source: str, reporter: Reporter) -> None:
    """Report a control character that a character reference (``&#1;``) put into ``html``:
    the file itself holds none (checked first), and HTML and XML outputs cannot carry it."""
    found = CONTROL_CHARACTERS.search(html)
    if found is None:
        return
    line, shown = first_line, f"U+{ord(found.group()):04X}"
    for match in _REFERENCE.finditer(written):
        hexadecimal, decimal = match.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if code < 0x110000 and CONTROL_CHARACTERS.match(chr(code)):
            line = first_line + (written[: match.start()].count("\n") if key == "body" else 0)
            shown = f"{match.group()} is U+{code:04X}"
            break
    reporter.error(
        source,
        line,
        key,
        f"a character reference makes a control character ({shown}), which pages and feeds cannot carry; "
        "leave it out or write the character meant",
    )


def _control_characters(text: str, source: str, reporter: Reporter) -> bool:
    """Report control characters written into the file; whether there were any."""
    if CONTROL_CHARACTERS.search(text) is None:
        return False
    reported = 0
    for number, line in enumerate(text.split("\n"), start=1):
        match = CONTROL_CHARACTERS.search(line)
        if match is None:
            continue
        if reported == MAX_CONTROL_REPORTS:
            reporter.error(source, number, "text", "more control characters follow (only the first lines are listed)")
            break
        reporter.error(
            source,
            number,
            "text",
            f"control character U+{ord(match.group()):04X} in column {match.start() + 1} "
            "(only tab and line breaks are allowed in text)",
        )
        reported += 1
    return True


def _text_problem(value: Any) -> str | None:
    """Why a front-matter value holds unusable text (a control character written as an escape)."""
    pending = [value]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            reason = control_character_problem(item)
            if reason:
                return reason
        elif isinstance(item, dict | list | tuple | set | frozenset) and id(item) not in seen:
            seen.add(id(item))  # aliases share values: each is looked at once
            pending.extend(item.items() if isinstance(item, dict) else item)
    return None


def _image(value: Any, problem: Any) -> Image | None:
    if isinstance(value, str):
        reason = url_problem(value)
        if reason:
            problem("image", reason)
            return None
        return Image(src=value)
    if isinstance(value, dict):
        unknown = set(value) - {"src", "alt", "width", "height"}
        if unknown:
            problem("image", f"unknown key(s) {sorted(unknown)} (accepted: alt, height, src, width)")
            return None
        src = value.get("src")
        reason = url_problem(src)
        if reason:
            problem("image", f"src: {reason}")
            return None
        try:
            width = None if value.get("width") is None else to_int(value["width"], minimum=1)
            height = None if value.get("height") is None else to_int(value["height"], minimum=1)
            alt = to_text(value.get("alt", "")) if value.get("alt") is not None else ""
        except ValueError as error:
            problem("image", str(error))
            return None
        return Image(src=str(src), alt=alt, width=width, height=height)
    problem("image", f"expected a URL or a table with src, alt, width and height, got {value!r}")
    return None
