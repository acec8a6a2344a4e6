"""The hook implementations: related posts, the ``[related]`` section, the CLI command."""

from __future__ import annotations

import argparse
import multiprocessing
from collections.abc import Sequence
from typing import Any

from coachcontent import ConfigSection, Post, Site, hookimpl
from coachcontent_related.cli import add_command
from coachcontent_related.index import related_index
from coachcontent_related.settings import config_section


@hookimpl
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> Sequence[Post]:
    """The related posts of ``post``: pinned first, then by score.

    A build asks for every post's: in the main process the first call ranks
    them all on the machine's cores, and the others read them.  A worker of
    a build's process pool ranks only the batches of the posts it renders
    (the pool already uses the cores).
    """
    index = related_index(site)
    if multiprocessing.parent_process() is None:
        index.rank_all()
    return index.related(post, limit)


@hookimpl
def coachcontent_config_sections() -> list[ConfigSection]:
    """The ``[related]`` section of ``site.toml``."""
    return [config_section()]


@hookimpl
def coachcontent_cli_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """``coachcontent related SOURCE SLUG [--explain OTHER] [--limit N]``."""
    add_command(subparsers)
