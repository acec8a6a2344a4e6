"""``coachcontent related SOURCE SLUG``: print a post's related posts and why."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import PurePath
from typing import Any

import coachcontent
from coachcontent_related.explain import explain
from coachcontent_related.report import format_explanation, format_ranking

DESCRIPTION = """\
Print the related posts of the post SLUG of the site in SOURCE, best first,
with what each shares with it (terms, place in the category tree, words)
and what each of those added to the score.  With --explain OTHER, take the
score of one other post apart and say why it is shown or not.
"""


def add_command(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register the ``related`` sub-command."""
    parser = subparsers.add_parser(
        "related",
        help="show a post's related posts and why they were chosen",
        description=DESCRIPTION,
    )
    parser.add_argument("source", metavar="SOURCE", help="the site folder (with site.toml)")
    parser.add_argument("slug", metavar="SLUG", help="the slug of the post (or the name of its file)")
    parser.add_argument("--explain", metavar="OTHER", help="explain the score of the post OTHER for SLUG")
    parser.add_argument(
        "--limit",
        metavar="N",
        type=int,
        default=None,
        help="show at most N posts (default: the [related] limit of site.toml)",
    )
    parser.set_defaults(run=run)


def _find(site: coachcontent.Site, slug: str) -> coachcontent.Post | None:
    """The post with ``slug``, or whose file is named ``slug`` (``2024-05-01-pricing.md``)."""
    try:
        return site.post(slug)
    except KeyError:
        pass
    by_file = [post for post in site.posts if post.source_path is not None and PurePath(post.source_path).stem == slug]
    if len(by_file) == 1:
        return by_file[0]
    known = sorted(post.slug for post in site.posts)
    close = difflib.get_close_matches(slug, known, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    print(f"coachcontent related: no post with the slug {slug!r}{hint}", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    try:
        site = coachcontent.load_site(args.source)
    except coachcontent.ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        return 1
    except coachcontent.InvalidSiteError as error:
        for problem in error.problems:
            print(f"{args.source}: {problem}", file=sys.stderr)
        return 1
    if args.limit is not None and args.limit < 0:
        print("coachcontent related: --limit must be 0 or more", file=sys.stderr)
        return 2
    post = _find(site, args.slug)
    if post is None:
        return 1
    try:
        if args.explain is not None:
            other = _find(site, args.explain)
            if other is None:
                return 1
            print(format_explanation(site, explain(site, post, other, limit=args.limit)))
        else:
            print(format_ranking(site, post, args.limit))
    except ValueError as error:  # a bad [related] section of site.toml
        print(f"coachcontent related: {error}", file=sys.stderr)
        return 1
    return 0
