"""The search index: a compact JSON file the theme's script searches in the browser."""

from __future__ import annotations

import json
import re
from typing import Any

from coachcontent import BuildContext, Page, Post, Site
from coachcontent_html.text import plain_text

SEARCH_INDEX_PATH = "search-index.json"
SEARCH_INDEX_URL = "/" + SEARCH_INDEX_PATH

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if len(word) > 2}


def index_entry(site: Site, entry: Post | Page) -> dict[str, Any]:
    """One entry of the index.

    ``words`` holds each distinct word of the body (three letters or more)
    that the title and summary do not already hold, sorted: enough to find
    an entry by any word of it, at a fraction of the body's size.
    """
    summary = plain_text(entry.summary)
    record: dict[str, Any] = {
        "title": entry.title,
        "url": site.url_for(entry),
        "summary": summary,
    }
    if isinstance(entry, Post):
        record["date"] = site.local(entry.date).date().isoformat()
        record["tags"] = [site.term("tags", slug).name for slug in entry.tags]
    else:
        record["tags"] = []
    known = _words(entry.title) | _words(summary)
    record["words"] = " ".join(sorted(_words(plain_text(entry.body)) - known))
    return record


def search_index(site: Site) -> list[dict[str, Any]]:
    """Published posts (newest first), then published pages (by tree path)."""
    pages = sorted((page for page in site.pages if not page.draft), key=lambda page: page.path)
    entries: list[Post | Page] = [*site.posts_newest_first(), *pages]
    return [index_entry(site, entry) for entry in entries]


def render_search_index(context: BuildContext) -> str:
    """``/search-index.json``: compact, keys sorted, the same bytes for the same site."""
    data = {"version": 1, "entries": search_index(context.site)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
