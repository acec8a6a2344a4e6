"""The hook implementations: related posts, the ``[related]`` section, the CLI command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from coachcontent import ConfigSection, Post, Site, hookimpl
from coachcontent_related.cli import add_command
from coachcontent_related.index import related_index
from coachcontent_related.settings import config_section


@hookimpl
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> Sequence[Post]:
    """The related posts of ``post``: pinned first, then by score; computed once per site."""
    return related_index(site).related(post, limit)


@hookimpl
def coachcontent_config_sections() -> list[ConfigSection]:
    """The ``[related]`` section of ``site.toml``."""
    return [config_section()]


@hookimpl
def coachcontent_cli_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """``coachcontent related SOURCE SLUG [--explain OTHER] [--limit N]``."""
    add_command(subparsers)
