"""The search index: compact JSON files the theme's script searches in the browser.

A site of up to ``search_index_split`` entries gets one file,
``/search-index.json``, ``{"version": 1, "entries": [...]}``.  A larger one
gets a small manifest there, ``{"version": 2, "parts": [{"url", "entries"}]}``,
and its entries in parts under ``/search-index/``: one per year of posts
(one per month in a year that has more entries than the limit) and one for
the pages, each in the first format.  A part holds the same posts whatever
else changes, so editing a post renders its part again, not the whole index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from attrs import frozen

from coachcontent import BuildContext, Page, Post, Site, plain_text

SEARCH_INDEX_PATH = "search-index.json"
SEARCH_INDEX_URL = "/" + SEARCH_INDEX_PATH
#: The folder of the parts of a split index.
SEARCH_PARTS_FOLDER = "search-index"

#: Words of three letters or more: a maximal run of word characters is matched whole
#: from its first character, and a shorter run never matches.
_WORD = re.compile(r"\w{3,}", re.UNICODE)


#: ASCII characters that are not word characters, each to a space.
_NOT_WORD = str.maketrans({chr(code): " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")})


def _words(text: str) -> set[str]:
    """The distinct words of ``text`` (runs of three word characters or more), case-folded."""
    if text.isascii():
        # The same words, cut by C code alone: in ASCII, word characters are letters,
        # digits and "_", and case-folding is lowering.
        return {word for word in text.lower().translate(_NOT_WORD).split() if len(word) > 2}
    return set(_WORD.findall(text.casefold()))


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


def _entries(site: Site) -> list[Post | Page]:
    pages = sorted((page for page in site.pages if not page.draft), key=lambda page: page.path)
    return [*site.posts_newest_first(), *pages]


def search_index(site: Site) -> list[dict[str, Any]]:
    """Every entry of the index: published posts (newest first), then published pages (by tree path)."""
    return [index_entry(site, entry) for entry in _entries(site)]


@frozen
class SearchPart:
    """One file of a split index.

    :param name: ``2024``, ``2024-05`` (a month of a busy year) or ``pages``.
    :param entries: its posts (newest first) or pages (by path).
    """

    name: str
    entries: tuple[Post | Page, ...]

    @property
    def path(self) -> str:
        """Its output path, ``search-index/2024.json``."""
        return f"{SEARCH_PARTS_FOLDER}/{self.name}.json"

    @property
    def url(self) -> str:
        """Its URL, ``/search-index/2024.json``."""
        return "/" + self.path


def search_parts(site: Site, split: int) -> tuple[SearchPart, ...]:
    """The parts of the index of ``site`` when it has more than ``split`` entries
    (and ``split`` is not 0), in the order of :func:`search_index`; else ``()``.

    Posts go by year of their local date, and a year with more than ``split``
    posts by month; published pages make one part.
    """
    posts = site.posts_newest_first()
    pages = tuple(sorted((page for page in site.pages if not page.draft), key=lambda page: page.path))
    if split <= 0 or len(posts) + len(pages) <= split:
        return ()
    parts: list[SearchPart] = []
    dated = [(site.local(post.date), post) for post in posts]
    for year, of_year in groupby(dated, key=lambda pair: pair[0].year):
        in_year = list(of_year)
        if len(in_year) <= split:
            parts.append(SearchPart(name=f"{year:04d}", entries=tuple(post for _, post in in_year)))
            continue
        for month, of_month in groupby(in_year, key=lambda pair: pair[0].month):
            parts.append(SearchPart(name=f"{year:04d}-{month:02d}", entries=tuple(post for _, post in of_month)))
    if pages:
        parts.append(SearchPart(name="pages", entries=pages))
    return tuple(parts)


def _parts(context: BuildContext, split: int) -> dict[str, SearchPart]:
    key = f"coachcontent-html:search-parts:{split}"
    found = context.cache.get(key)
    if found is None:
        found = context.cache[key] = {part.name: part for part in search_parts(context.site, split)}
    return dict(found)


def _json(data: dict[str, Any]) -> str:
    # Compact, keys sorted: the same bytes for the same site.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _index(site: Site, entries: Sequence[Post | Page]) -> str:
    return _json({"version": 1, "entries": [index_entry(site, entry) for entry in entries]})


def render_search_index(context: BuildContext, split: int = 0) -> str:
    """``/search-index.json``: every entry, or with more than ``split`` of them the manifest of the parts."""
    parts = _parts(context, split).values()
    if not parts:
        return _index(context.site, _entries(context.site))
    return _json({"version": 2, "parts": [{"url": part.url, "entries": len(part.entries)} for part in parts]})


def render_search_part(context: BuildContext, name: str, split: int) -> str:
    """One part of a split index (see :func:`search_parts`)."""
    return _index(context.site, _parts(context, split)[name].entries)
