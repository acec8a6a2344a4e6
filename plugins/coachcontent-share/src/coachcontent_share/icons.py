"""Inline SVG icons for share and follow links.

The icons are simple line drawings made for this project (a frame and a
letter, a butterfly, a paper plane...), not the networks' logos: they are
released under the project's MIT licence (see ``LICENSES.md``) and load
nothing from anywhere.  They draw with ``currentColor``, so the theme's text
colour applies, and are hidden from screen readers because every link also
carries its label as text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRAME = '<rect x="3" y="3" width="18" height="18" rx="4"/>'

#: The drawing of each network's icon inside a 24×24 view box.
ICON_PATHS: dict[str, str] = {
    "bluesky": (
        '<path d="M12 10.5C10.5 7 7 4.5 4.5 4.5 3 4.5 3 6 3.5 8c.5 2.5 2.5 4 5 4'
        "-2.5.5-4 2-3 4s3.5 2 5-1l1.5-3.5 1.5 3.5c1.5 3 4 3 5 1s-.5-3.5-3-4"
        'c2.5 0 4.5-1.5 5-4 .5-2 .5-3.5-1-3.5C17 4.5 13.5 7 12 10.5z"/>'
    ),
    "email": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3.5 6.5 12 13l8.5-6.5"/>',
    "facebook": _FRAME + '<path d="M15.5 7.5H14a2.5 2.5 0 0 0-2.5 2.5v11M9 13h6"/>',
    "github": (
        '<circle cx="6" cy="5" r="2"/><circle cx="6" cy="19" r="2"/><circle cx="18" cy="7" r="2"/>'
        '<path d="M6 7v10M18 9c0 4-6 3-11.5 8.5"/>'
    ),
    "hackernews": _FRAME + '<path d="m8 7 4 6 4-6M12 13v4.5"/>',
    "instagram": (
        '<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" r="4"/><path d="M17 7v.01"/>'
    ),
    "link": (
        '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>'
    ),
    "linkedin": _FRAME + '<path d="M8 11v6M8 7.5v.01M12 17v-6M12 13.5a2.5 2.5 0 0 1 5 0V17"/>',
    "mastodon": (
        '<path d="M20 12.5V9a5 5 0 0 0-5-5H9a5 5 0 0 0-5 5v4a6 6 0 0 0 6 6h5"/>'
        '<path d="M8 14v-4a2 2 0 0 1 4 0v3M12 13v-3a2 2 0 0 1 4 0v4"/>'
    ),
    "pinterest": (
        '<circle cx="12" cy="12" r="9"/>'
        '<path d="m10 20 2-9M10.5 15.5c4 1 6.5-1.5 6.5-4.5a5 5 0 0 0-10 0c0 1 .3 1.8.8 2.4"/>'
    ),
    "reddit": (
        '<circle cx="12" cy="14" r="6.5"/><circle cx="18.5" cy="4.5" r="1"/>'
        '<path d="m12 7.5 1.5-4.5 4 1M9.5 16.5c1.5 1 3.5 1 5 0M9.5 13v.01M14.5 13v.01"/>'
    ),
    "rss": ('<circle cx="5.5" cy="18.5" r="1.5"/><path d="M4 11a9 9 0 0 1 9 9M4 4a16 16 0 0 1 16 16"/>'),
    "telegram": '<path d="M21 4 3 11l6 2.5L19 7l-8 8v5l3.5-3.5L18 19z"/>',
    "threads": ('<circle cx="12" cy="12" r="3.5"/><path d="M15.5 12v1.5a2.5 2.5 0 0 0 5 0V12a8.5 8.5 0 1 0-3.5 6.9"/>'),
    "tiktok": '<path d="M14 3v11.5a4 4 0 1 1-4-4M14 3c.5 2.5 2.5 4.5 5.5 4.5"/>',
    "whatsapp": ('<path d="m4 20 1.3-3.9A8.5 8.5 0 1 1 8 19z"/><path d="M9.5 9c.5 3 2.5 5 5.5 5.5"/>'),
    "x": _FRAME + '<path d="m8 7 8 10M16 7l-8 10"/>',
    "youtube": ('<rect x="2.5" y="5.5" width="19" height="13" rx="4"/><path d="M10 9.5v5l4.5-2.5z"/>'),
}

# Other names people give the same networks.
_ALIASES = {"twitter": "x", "feed": "rss", "mail": "email", "atom": "rss", "website": "link"}


@lru_cache(maxsize=256)  # asked for every share link of every page
def icon(network: str) -> str:
    """The inline SVG icon for ``network`` (a link icon for networks without one of their own)."""
    if not _SLUG.match(network):
        network = "link"
    name = _ALIASES.get(network, network)
    body = ICON_PATHS.get(name, ICON_PATHS["link"])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"'
        ' fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"'
        f' stroke-linejoin="round" aria-hidden="true" focusable="false"'
        f' class="share-icon share-icon-{network}">{body}</svg>'
    )
