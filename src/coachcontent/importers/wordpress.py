"""``coachcontent import wordpress``: a WordPress export (WXR) becomes a content folder.

The export is read twice, streamed: a light first pass (no bodies) decides
every slug, path, date, term, menu and alias (see :mod:`.plan`); the second
converts each body (:mod:`.body`) and writes it into a new folder beside
the target, which replaces the target only when complete (:mod:`.folder`).
A malformed or unsafe export fails in the first pass, before anything is
written.

Written layout::

    site.toml                        site, authors, taxonomies, menus
    content/posts/<slug>.html        front matter (YAML) + HTML body
    content/pages/<path>.html        a page; <path>/index.html when it has children
    content/comments/<slug>.json     approved comments of a post
    content/comments/pages/<path>.json
    content/attachments.json         every attachment with its URL
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from coachcontent.errors import ContentError, ContentErrors
from coachcontent.importers.body import convert_html
from coachcontent.importers.common import Warnings, html_to_text, parse_wp_date
from coachcontent.importers.entries import EntryPlan
from coachcontent.importers.folder import StagingFolder, check_target
from coachcontent.importers.plan import Plan, Scan, make_plan
from coachcontent.importers.report import ImportReport, ImportWarning
from coachcontent.importers.sanitize import sanitize_html
from coachcontent.importers.shortcodes import GalleryImage, ShortcodeContext
from coachcontent.importers.tomlwriter import dump_toml
from coachcontent.importers.wpautop import wpautop
from coachcontent.importers.wxr import (
    DEFAULT_MAX_SIZE,
    AuthorRecord,
    Channel,
    CommentRecord,
    ItemRecord,
    TermRecord,
    read_export,
)
from coachcontent.models.validators import url_problem

__all__ = ["DEFAULT_MAX_SIZE", "ImportReport", "ImportWarning", "add_cli", "import_wordpress"]

Writer = Callable[[str, str], None]


def import_wordpress(
    export_path: str | Path,
    target_dir: str | Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    timezone: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> ImportReport:
    """Import the WXR export at ``export_path`` into the content folder ``target_dir``.

    :param force: replace ``target_dir`` when it exists and is not empty
        (only after the new folder was written completely).
    :param dry_run: read and convert everything, write nothing.
    :param timezone: the site's IANA timezone; default: the export's, else UTC.
    :param max_size: refuse exports larger than this many bytes.
    :returns: counts per kind and every warning.
    :raises ContentErrors: the export is malformed, unsafe or too large, or
        the target may not be written; nothing was written.
    :raises ValueError: ``timezone`` is not an IANA timezone name.
    """
    export = Path(export_path)
    target = Path(target_dir)
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {timezone!r}") from None
    if not dry_run:
        check_target(target, force=force)
    scan = _scan(export, max_size)
    plan = make_plan(scan, timezone=timezone)
    del scan
    if dry_run:
        counts = _write(export, plan, None, max_size)
    else:
        with StagingFolder(target, force=force) as staging:
            counts = _write(export, plan, staging.write, max_size)
            staging.commit()
    entries = plan.entries.values()
    return ImportReport(
        source=str(export),
        target=str(target),
        dry_run=dry_run,
        posts=sum(1 for e in entries if e.kind == "post"),
        pages=sum(1 for e in entries if e.kind == "page"),
        drafts=sum(1 for e in entries if e.front.get("draft")),
        comments=counts["comments"],
        attachments=len(plan.attachments),
        authors=len(plan.authors),
        categories=len(plan.taxonomies["category"].terms) if "category" in plan.taxonomies else 0,
        tags=len(plan.taxonomies["post_tag"].terms) if "post_tag" in plan.taxonomies else 0,
        terms=sum(len(t.terms) for k, t in plan.taxonomies.items() if k not in ("category", "post_tag")),
        menus=len(plan.menus),
        menu_items=sum(menu.count for menu in plan.menus),
        skipped=plan.skipped,
        files=counts["files"],
        warnings=plan.warnings.sorted(),
    )


def _scan(export: Path, max_size: int) -> Scan:
    scan = Scan()
    for record in read_export(export, bodies=False, max_size=max_size):
        if isinstance(record, Channel):
            scan.channel = record
        elif isinstance(record, AuthorRecord):
            scan.authors.append(record)
        elif isinstance(record, TermRecord):
            scan.terms.append(record)
        else:
            scan.items.append(record)
    return scan


def _front_matter_text(front: dict[str, Any]) -> str:
    dumped: str = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, default_flow_style=False)
    return f"---\n{dumped}---\n"


def _write(export: Path, plan: Plan, write: Writer | None, max_size: int) -> dict[str, int]:
    counts = {"comments": 0, "files": 0}

    def emit(relative: str, text: str) -> None:
        counts["files"] += 1
        if write is not None:
            write(relative, text)

    images = plan.gallery_images()
    children = plan.gallery_children()
    done: set[int] = set()
    for record in read_export(export, bodies=True, max_size=max_size):
        if not isinstance(record, ItemRecord) or record.index not in plan.entries:
            continue
        entry = plan.entries[record.index]
        if record.post_id != entry.post_id:
            raise ContentErrors(
                [
                    ContentError(
                        path=str(export),
                        line=record.line,
                        field="item",
                        message="the export changed while it was being imported",
                    )
                ]
            )
        done.add(record.index)
        counts["comments"] += _write_entry(record, entry, plan, images, children, emit)
    missing = sorted(set(plan.entries) - done)
    if missing:
        raise ContentErrors(
            [
                ContentError(
                    path=str(export),
                    line=plan.entries[missing[0]].line,
                    field="item",
                    message="the export changed while it was being imported",
                )
            ]
        )
    emit("site.toml", dump_toml(plan.site_document()))
    emit("content/attachments.json", _json(_attachments(plan)))
    return counts


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _write_entry(
    record: ItemRecord,
    entry: EntryPlan,
    plan: Plan,
    images: dict[int, GalleryImage],
    children: dict[int, tuple[GalleryImage, ...]],
    emit: Writer,
) -> int:
    warn = plan.warnings.bind(entry.line, entry.subject)
    context = ShortcodeContext(
        attachments=images,
        children=children,
        post_id=int(entry.post_id) if entry.post_id.isdigit() else None,
        warn=warn,
    )
    body = convert_html(record.content, context=context, base_url=entry.old_url, warn=warn)
    summary = convert_html(
        record.excerpt,
        context=context,
        base_url=entry.old_url,
        warn=lambda message: warn(f"excerpt: {message}"),
    )
    front = dict(entry.front)
    if summary:
        front["summary"] = summary
    emit(entry.file, _front_matter_text(front) + (body + "\n" if body else ""))
    comments = _comments(record.comments, plan, entry, plan.warnings)
    if comments:
        emit(entry.comments_file, _json(comments))
    return len(comments)


_COMMENT_TYPES = re.compile(r"^[a-z_-]+$")


def _comments(
    records: tuple[CommentRecord, ...], plan: Plan, entry: EntryPlan, warnings: Warnings
) -> list[dict[str, Any]]:
    approved = [c for c in records if c.approved.strip() == "1"]
    ids = {c.comment_id.strip() for c in approved}
    result = []
    for comment in approved:
        number = comment.comment_id.strip()
        warn = warnings.bind(entry.line, f"{entry.subject} comment {number}")
        gmt = parse_wp_date(comment.date_gmt, UTC)
        date = gmt.astimezone(plan.zone) if gmt else parse_wp_date(comment.date, plan.zone)
        parent = comment.parent.strip()
        url = comment.author_url.strip()
        kind = comment.type.strip() or "comment"
        data: dict[str, Any] = {
            "id": int(number) if number.isdigit() else number,
            "parent": int(parent) if parent.isdigit() and parent in ids and parent != number else None,
            "author": html_to_text(comment.author).strip() or "Anonymous",
            "url": url if url.startswith(("http://", "https://")) and not url_problem(url) else None,
            "date": date.isoformat() if date else None,
            "type": kind if _COMMENT_TYPES.match(kind) else "comment",
            # WordPress shows comments through wpautop, without running shortcodes.
            "content": sanitize_html(wpautop(comment.content), warn=warn),
        }
        result.append(data)
    result.sort(key=lambda c: (c["date"] or "", str(c["id"]).zfill(20)))
    return result


def _attachments(plan: Plan) -> list[dict[str, Any]]:
    parents = {entry.post_id: entry.subject for entry in plan.entries.values()}
    result = []
    for attachment_id in sorted(plan.attachments):
        attachment = plan.attachments[attachment_id]
        parent = attachment.parent_id
        result.append(
            {
                "id": attachment_id,
                "title": attachment.title,
                "url": attachment.url,
                "parent": parent,
                "entry": parents.get(str(parent)) if parent is not None else None,
                "mime_type": attachment.mime_type or None,
                "alt": attachment.alt,
                "caption": sanitize_html(attachment.caption),
                "description": sanitize_html(wpautop(attachment.description)),
                "width": attachment.width,
                "height": attachment.height,
                "date": attachment.date.isoformat() if attachment.date else None,
            }
        )
    return result


# -- command line -----------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def _size(value: str) -> int:
    match = _SIZE.match(value)
    if match is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size such as 512M or 2G")
    factor = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2).lower()]
    return int(match.group(1)) * factor


def add_cli(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``wordpress`` to the sub-commands of ``coachcontent import``."""
    parser = subparsers.add_parser(
        "wordpress",
        help="turn a WordPress export (WXR) into a content folder",
        description=(
            "Read a WordPress eXtended RSS export (Tools → Export in WordPress) and write a "
            "content folder: site.toml, posts, pages, comments and the attachment list. "
            "Prints what was imported and every warning."
        ),
    )
    parser.add_argument("export", type=Path, metavar="EXPORT.xml", help="the WordPress export")
    parser.add_argument("-o", "--output", type=Path, metavar="SITE_DIR", help="the content folder to write")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace SITE_DIR if it exists (after the new folder was written completely)",
    )
    parser.add_argument("--dry-run", action="store_true", help="read and convert everything, write nothing")
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the site's IANA timezone, e.g. Europe/Berlin (default: the export's, else UTC)",
    )
    parser.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help="refuse larger exports (default 512M)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    """Run ``coachcontent import wordpress``: 0 done, 1 export or folder errors, 2 usage."""
    program = "coachcontent import wordpress"
    if args.output is None and not args.dry_run:
        print(f"{program}: error: -o/--output SITE_DIR is required", file=sys.stderr)
        return 2
    if args.timezone is not None:
        try:
            ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            print(f"{program}: error: unknown timezone {args.timezone!r}", file=sys.stderr)
            return 2
    try:
        report = import_wordpress(
            args.export,
            args.output if args.output is not None else Path(),
            force=args.force,
            dry_run=args.dry_run,
            timezone=args.timezone,
            max_size=args.max_size,
        )
    except ContentErrors as errors:
        for error in errors.errors:
            print(str(error), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{program}: error: {error}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    for warning in report.warnings:
        print(
            f"{report.source}:{warning.line}: warning: {warning.subject}: {warning.message}",
            file=sys.stderr,
        )
    return 0
