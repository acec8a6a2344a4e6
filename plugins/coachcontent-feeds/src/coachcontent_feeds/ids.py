"""Entry ids: ``tag:`` URIs (RFC 4151) that survive a new slug, a new URL pattern and a rebuild.

The rule, for a post:

1. Front matter ``id`` that is already a URI (``tag:…``, ``urn:…``,
   ``https://…``, e.g. a WordPress guid kept on import) is used as it is.
2. Any other front matter ``id`` becomes the specific part of
   ``tag:<authority>,<date>:<id>``.
3. Without an ``id``, the specific part is the post's source file, relative
   to the site folder, without ``content/`` and without its suffix
   (``posts/2024-03-05-listening-first``); a post made in Python without a
   source file uses its slug.

``<authority>`` is ``[feeds] authority`` or the host of the site's URL, and
``<date>`` the day of the post's ``date`` in UTC (so a change of the site's
timezone changes nothing).  What still changes an id: renaming or moving
the source file (without an ``id``), changing the post's date, and moving
to a new domain without setting ``authority`` to the old one.  Give the post
an explicit ``id`` before doing any of these and its id stays put.
"""

from __future__ import annotations

import re
from datetime import UTC
from urllib.parse import quote

from coachcontent import Post

_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:\S+$")
# RFC 4151 "specific": pchar, "/" and "?"; everything else is percent-encoded.
_SPECIFIC_SAFE = "/?:@!$&'()*+,;=-._~"
_PLAIN = re.compile(r"^[A-Za-z0-9/._~\-]*$")


def stable_key(post: Post) -> str:
    """The part of a derived id that does not change with the slug or URL (see the module docs)."""
    if post.source_path:
        key = post.source_path.replace("\\", "/")
        key = key.removeprefix("content/")
        name = key.rsplit("/", 1)[-1]
        if "." in name:
            key = key[: key.rindex(".")]
        return key
    return post.slug


def entry_id(post: Post, authority: str) -> str:
    """The permanent id of ``post`` as a feed entry (Atom ``id``, RSS ``guid``, JSON Feed ``id``)."""
    if post.id and _URI.match(post.id):
        return post.id
    specific = post.id or stable_key(post)
    day = post.date.astimezone(UTC).date().isoformat()
    if not _PLAIN.match(specific):
        specific = quote(specific, safe=_SPECIFIC_SAFE)
    return f"tag:{authority},{day}:{specific}"
