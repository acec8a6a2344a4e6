"""Reading a WordPress eXtended RSS export (WXR 1.0 to 1.2) as a stream of records.

lxml parses with entity resolution, DTD loading and network access off and
its huge-tree limits on; :class:`~coachcontent.importers.stream.ExportStream`
adds a size limit, refuses a DOCTYPE and repairs old unescaped CDATA.
Elements are cleared as soon as they are read, so the tree never holds more
than one ``<item>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import frozen
from lxml import etree

from coachcontent.errors import ContentError, ContentErrors
from coachcontent.importers.stream import ExportRefused, ExportStream

#: The default size limit of an export: 512 MiB.
DEFAULT_MAX_SIZE = 512 * 1024 * 1024

_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_WXR_VERSION = re.compile(r"^\d+\.\d+$")
_LXML_POSITION = re.compile(r",? line \d+, column \d+\s*$")


@frozen(kw_only=True)
class Channel:
    """The site-wide fields of the export's ``<channel>``."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    timezone: str = ""


@frozen(kw_only=True)
class AuthorRecord:
    """A ``<wp:author>``."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    line: int = 0


@frozen(kw_only=True)
class TermRecord:
    """A ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>`` of the channel.

    :param taxonomy: WordPress's taxonomy name: ``category``, ``post_tag``, ``nav_menu``, ...
    :param parent: the parent term's slug (WordPress writes slugs there).
    """

    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: str = ""
    line: int = 0


@frozen(kw_only=True)
class ItemTerm:
    """A ``<category domain="..." nicename="...">`` of an item."""

    domain: str
    slug: str
    name: str


@frozen(kw_only=True)
class CommentRecord:
    """A ``<wp:comment>`` of an item."""

    comment_id: str
    author: str = ""
    author_url: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: str = ""


@frozen(kw_only=True)
class ItemRecord:
    """An ``<item>``: a post, page, attachment, menu item or other post type.

    ``has_password`` says whether the item was password-protected; the
    password itself is never read.  ``index`` counts items from 0 in
    document order, so two reads of the same export can be matched.
    """

    index: int
    line: int
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified: str = ""
    post_modified_gmt: str = ""
    comment_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: str = ""
    menu_order: str = ""
    post_type: str = ""
    has_password: bool = False
    is_sticky: bool = False
    attachment_url: str = ""
    terms: tuple[ItemTerm, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    comments: tuple[CommentRecord, ...] = ()

    def meta_value(self, key: str) -> str:
        """The first value of the post meta ``key`` ("" when absent)."""
        for name, value in self.meta:
            if name == key:
                return value
        return ""


Record = Channel | AuthorRecord | TermRecord | ItemRecord


def _line(element: etree._Element) -> int:
    line: Any = element.sourceline
    return int(line) if line else 0


def _local(element: etree._Element) -> tuple[str, str]:
    """(kind, local name): kind is ``wp``, ``excerpt``, ``content``, ``dc`` or ``""``."""
    tag: Any = element.tag
    if not isinstance(tag, str):
        return ("", "")
    if ":" in tag and not tag.startswith("{"):
        return ("other", tag)  # an undeclared prefix: lxml reports the XML error itself
    # Clark notation, "{namespace}local": a local name has no "}", a namespace URI may have
    # one ("}ttp://..." in a damaged export), which etree.QName would refuse.
    namespace, local = tag[1:].rpartition("}")[::2] if tag.startswith("{") else ("", tag)
    if "wordpress.org/export/" in namespace:
        kind = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    elif namespace == _CONTENT_NS:
        kind = "content"
    elif namespace == _DC_NS:
        kind = "dc"
    else:
        kind = "" if not namespace else "other"
    return (kind, local)


def _text(element: etree._Element) -> str:
    """The element's content as a string (CDATA and text alike; stray child markup kept)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # comments and PIs are removed while parsing
            parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        parts.append(child.tail or "")
    return "".join(parts)


def _fields(element: etree._Element) -> dict[str, str]:
    """Local name → text of the element's wp: children (first one wins)."""
    result: dict[str, str] = {}
    for child in element:
        kind, name = _local(child)
        if kind == "wp" and name not in result:
            result[name] = _text(child).strip()
    return result


def _author(element: etree._Element) -> AuthorRecord:
    fields = _fields(element)
    return AuthorRecord(
        login=fields.get("author_login", ""),
        email=fields.get("author_email", ""),
        display_name=fields.get("author_display_name", ""),
        first_name=fields.get("author_first_name", ""),
        last_name=fields.get("author_last_name", ""),
        line=_line(element),
    )


def _term(element: etree._Element, kind: str) -> TermRecord:
    fields = _fields(element)
    line = _line(element)
    if kind == "category":
        return TermRecord(
            taxonomy="category",
            slug=fields.get("category_nicename", ""),
            name=fields.get("cat_name", ""),
            parent=fields.get("category_parent", ""),
            description=fields.get("category_description", ""),
            term_id=fields.get("term_id", ""),
            line=line,
        )
    if kind == "tag":
        return TermRecord(
            taxonomy="post_tag",
            slug=fields.get("tag_slug", ""),
            name=fields.get("tag_name", ""),
            description=fields.get("tag_description", ""),
            term_id=fields.get("term_id", ""),
            line=line,
        )
    return TermRecord(
        taxonomy=fields.get("term_taxonomy", ""),
        slug=fields.get("term_slug", ""),
        name=fields.get("term_name", ""),
        parent=fields.get("term_parent", ""),
        description=fields.get("term_description", ""),
        term_id=fields.get("term_id", ""),
        line=line,
    )


def _comment(element: etree._Element, bodies: bool) -> CommentRecord:
    fields = _fields(element)
    return CommentRecord(
        comment_id=fields.get("comment_id", ""),
        author=fields.get("comment_author", ""),
        author_url=fields.get("comment_author_url", ""),
        date=fields.get("comment_date", ""),
        date_gmt=fields.get("comment_date_gmt", ""),
        content=fields.get("comment_content", "") if bodies else "",
        approved=fields.get("comment_approved", ""),
        type=fields.get("comment_type", ""),
        parent=fields.get("comment_parent", ""),
    )


def _item(element: etree._Element, index: int, bodies: bool) -> ItemRecord:
    plain: dict[str, str] = {}
    wp: dict[str, str] = {}
    content = excerpt = creator = ""
    terms: list[ItemTerm] = []
    meta: list[tuple[str, str]] = []
    comments: list[CommentRecord] = []
    for child in element:
        kind, name = _local(child)
        if kind == "" and name == "category":
            domain = child.get("domain")
            nicename = child.get("nicename")
            # Domain-less <category> elements are WXR 1.0 duplicates of the real ones.
            if domain and nicename is not None:
                terms.append(ItemTerm(domain=domain, slug=nicename, name=_text(child).strip()))
        elif kind == "":
            plain.setdefault(name, _text(child))
        elif kind == "content" and name == "encoded":
            content = _text(child)
        elif kind == "excerpt" and name == "encoded":
            excerpt = _text(child)
        elif kind == "dc" and name == "creator":
            creator = _text(child).strip()
        elif kind == "wp" and name == "postmeta":
            fields = {}
            for part in child:
                part_kind, part_name = _local(part)
                if part_kind == "wp":
                    fields[part_name] = _text(part)
            meta.append((fields.get("meta_key", "").strip(), fields.get("meta_value", "")))
        elif kind == "wp" and name == "comment":
            comments.append(_comment(child, bodies))
        elif kind == "wp":
            wp.setdefault(name, _text(child).strip())
    if not bodies and wp.get("post_type") != "attachment":
        # The light pass keeps attachments' caption and description (galleries need them).
        content = excerpt = ""
    return ItemRecord(
        index=index,
        line=_line(element),
        title=plain.get("title", "").strip(),
        link=plain.get("link", "").strip(),
        pub_date=plain.get("pubDate", "").strip(),
        creator=creator,
        guid=plain.get("guid", "").strip(),
        content=content,
        excerpt=excerpt,
        post_id=wp.get("post_id", ""),
        post_date=wp.get("post_date", ""),
        post_date_gmt=wp.get("post_date_gmt", ""),
        post_modified=wp.get("post_modified", ""),
        post_modified_gmt=wp.get("post_modified_gmt", ""),
        comment_status=wp.get("comment_status", ""),
        post_name=wp.get("post_name", ""),
        status=wp.get("status", ""),
        post_parent=wp.get("post_parent", ""),
        menu_order=wp.get("menu_order", ""),
        post_type=wp.get("post_type", ""),
        has_password=bool(wp.get("post_password", "")),
        is_sticky=wp.get("is_sticky", "0") not in ("", "0"),
        attachment_url=wp.get("attachment_url", ""),
        terms=tuple(terms),
        meta=tuple(meta),
        comments=tuple(comments),
    )


def _error(path: str, line: int, field: str, message: str) -> ContentErrors:
    return ContentErrors([ContentError(path=path, line=line, field=field, message=message)])


def read_export(export_path: str | Path, *, bodies: bool = True, max_size: int = DEFAULT_MAX_SIZE) -> Iterator[Record]:
    """Stream the records of a WXR export in document order.

    Yields the :class:`Channel` (once, when ``<channel>`` ends or just before
    its first ``<item>``), every :class:`AuthorRecord` and :class:`TermRecord`
    and every :class:`ItemRecord`.  With ``bodies=False`` item contents,
    excerpts and comment texts are left empty (a light first pass), except
    the caption and description of attachments.

    :raises ContentErrors: with the line and the reason when the export is
        not well-formed XML, is not a WXR export, is too large or has a DOCTYPE.
    """
    path = Path(export_path)
    shown = str(export_path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _error(shown, 0, "file", f"cannot read the export: {error.strerror}") from None
    if size > max_size:
        raise _error(
            shown,
            0,
            "size",
            f"the export has {size} bytes, more than the limit of {max_size} (raise it with --max-size)",
        )
    with path.open("rb") as raw:
        stream = ExportStream(raw, limit=max_size)
        try:
            yield from _records(stream, shown, bodies)
        except ExportRefused as refused:
            raise _error(shown, refused.line, refused.field, refused.message) from None
        except etree.XMLSyntaxError as error:
            message = _LXML_POSITION.sub("", error.msg or str(error))
            line = error.lineno or (error.position[0] if error.position else 0)
            raise _error(shown, line, "xml", f"not well-formed XML: {message}") from None


def _records(stream: ExportStream, shown: str, bodies: bool) -> Iterator[Record]:
    parser_events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    channel_fields: dict[str, str] = {}
    channel_line = 0
    channel_sent = False
    wxr_line = 0
    index = 0
    in_channel = False
    for event, element in parser_events:
        if event == "start":
            depth += 1
            if depth == 1 and element.tag != "rss":
                raise _error(
                    shown,
                    _line(element),
                    "rss",
                    f"not a WordPress export: the root element is <{element.tag}>, not <rss>",
                )
            if depth == 2 and element.tag == "channel":
                in_channel = True
                channel_line = _line(element)
            continue
        depth -= 1
        if depth == 1 and element.tag == "channel":
            in_channel = False
            if not channel_sent:
                yield _channel(channel_fields, shown, channel_line, wxr_line)
                channel_sent = True
            element.clear()
            continue
        if depth != 2 or not in_channel:
            continue
        kind, name = _local(element)
        if kind == "" and name == "item":
            if not channel_sent:
                yield _channel(channel_fields, shown, channel_line, wxr_line)
                channel_sent = True
            yield _item(element, index, bodies)
            index += 1
        elif kind == "wp" and name == "author":
            yield _author(element)
        elif kind == "wp" and name in ("category", "tag", "term"):
            yield _term(element, name)
        elif kind in ("", "wp"):
            key = name if kind == "" else f"wp:{name}"
            if key == "wp:wxr_version":
                wxr_line = _line(element)
            channel_fields.setdefault(key, _text(element).strip())
        # Done with it: drop it and everything read before it.
        element.clear()
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    if not channel_sent:
        raise _error(shown, 1, "channel", "not a WordPress export: no <channel> in the <rss>")


def _channel(fields: dict[str, str], shown: str, line: int, wxr_line: int) -> Channel:
    version = fields.get("wp:wxr_version", "")
    if not version:
        raise _error(
            shown,
            line,
            "wp:wxr_version",
            "not a WordPress export: <wp:wxr_version> is missing before the first <item>",
        )
    if not _WXR_VERSION.match(version):
        raise _error(
            shown,
            wxr_line or line,
            "wp:wxr_version",
            f"not a WordPress export: the WXR version {version!r} is not a number like 1.2",
        )
    return Channel(
        title=fields.get("title", ""),
        link=fields.get("link", ""),
        description=fields.get("description", ""),
        language=fields.get("language", ""),
        base_site_url=fields.get("wp:base_site_url", ""),
        base_blog_url=fields.get("wp:base_blog_url", ""),
        wxr_version=version,
        timezone=fields.get("wp:timezone_string", "") or fields.get("wp:timezone", ""),
    )
