"""The hook implementations: related posts, the ``[related]`` section, the CLI command."""

from __future__ import annotations

import argparse
import sys
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
    if not _in_a_pool_worker():
        index.rank_all()
    return index.related(post, limit)


def _in_a_pool_worker() -> bool:
    """Whether this process was started by a pool (its parent a multiprocessing process).
    A process that never imported :mod:`multiprocessing` is none (and need not import it)."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and multiprocessing.parent_process() is not None


@hookimpl
def coachcontent_config_sections() -> list[ConfigSection]:
    """The ``[related]`` section of ``site.toml``."""
    return [config_section()]


@hookimpl
def coachcontent_cli_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """``coachcontent related SOURCE SLUG [--explain OTHER] [--limit N]``."""
    add_command(subparsers)
