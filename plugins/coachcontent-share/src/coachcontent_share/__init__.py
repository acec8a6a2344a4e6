"""coachcontent-share: share links, follow links and social metadata for coachcontent sites.

Share links are plain links to each network's documented share URL, every
value percent-encoded on its own; no script, iframe or pixel of any network
is loaded.  Head metadata (Open Graph, X cards, schema.org JSON-LD) is
returned as :class:`coachcontent.MetaTag` and :class:`coachcontent.JsonLd`
data for the theme to write; :func:`jsonld_script` serialises JSON-LD safely
for a ``<script>`` element.

The functions here work without a plugin manager, for applications that use
the models directly; the plugin (:mod:`coachcontent_share.plugin`) answers
the core's hooks with them.
"""

from __future__ import annotations

from coachcontent_share.config import DEFAULT_NETWORKS, SECTION, ShareSettingsError, settings
from coachcontent_share.hashtags import (
    hashtag,
    hashtags,
    inline_hashtags,
    threads_topic,
    x_hashtags,
)
from coachcontent_share.icons import icon
from coachcontent_share.jsonld import jsonld_script
from coachcontent_share.links import (
    EntryShare,
    available_networks,
    entry_share,
    follow_links,
    share_links,
)
from coachcontent_share.locales import og_locale
from coachcontent_share.metadata import head_metadata
from coachcontent_share.networks import BUILTIN_NETWORKS, SharedContent, ShareNetwork
from coachcontent_share.plaintext import plain_text
from coachcontent_share.urls import encode, share_url, with_utm

__all__ = [
    "BUILTIN_NETWORKS",
    "DEFAULT_NETWORKS",
    "SECTION",
    "EntryShare",
    "ShareNetwork",
    "ShareSettingsError",
    "SharedContent",
    "available_networks",
    "encode",
    "entry_share",
    "follow_links",
    "hashtag",
    "hashtags",
    "head_metadata",
    "icon",
    "inline_hashtags",
    "jsonld_script",
    "og_locale",
    "plain_text",
    "settings",
    "share_links",
    "share_url",
    "threads_topic",
    "with_utm",
    "x_hashtags",
]
