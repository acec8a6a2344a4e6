"""Social profiles (follow links) and share links."""

from __future__ import annotations

from attrs import field, frozen

from coachcontent.models import validators as v

#: Display names of the networks people link to, keyed by the network slug.
NETWORK_LABELS: dict[str, str] = {
    "bluesky": "Bluesky",
    "email": "E-mail",
    "facebook": "Facebook",
    "github": "GitHub",
    "hackernews": "Hacker News",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "pinterest": "Pinterest",
    "reddit": "Reddit",
    "rss": "Feed",
    "telegram": "Telegram",
    "threads": "Threads",
    "tiktok": "TikTok",
    "whatsapp": "WhatsApp",
    "x": "X",
    "youtube": "YouTube",
}


def network_label(network: str) -> str:
    """The display name of ``network`` (its slug, title-cased, when unknown)."""
    return NETWORK_LABELS.get(network, network.replace("-", " ").title())


@frozen(kw_only=True)
class SocialProfile:
    """A profile of the site or an author on a social network ("Follow me on ...").

    :param network: the network's slug, e.g. ``"linkedin"``, ``"mastodon"``.
    :param url: the profile's address (http/https, or a site path such as ``/feed/``).
    :param handle: the handle shown or used for mentions, e.g. ``"@maren@mastodon.social"``.
    :param label: the text of the link; defaults to the network's name.
    """

    network: str = field(validator=v.slug)
    url: str = field(validator=v.url)
    handle: str = ""
    label: str = ""

    @property
    def display_label(self) -> str:
        """The label, or the network's display name when no label is set."""
        return self.label or network_label(self.network)


@frozen(kw_only=True)
class ShareLink:
    """A link that shares one post or page on a network, built by a share plugin.

    :param network: the network's slug.
    :param label: the visible text, e.g. ``"LinkedIn"``.
    :param url: the complete share URL with every value percent-encoded.
    :param rel: the link relation; ``noopener`` so the network cannot script our page.
    """

    network: str = field(validator=v.slug)
    label: str = field(validator=v.non_empty)
    url: str = field(validator=v.url)
    rel: str = "noopener"
    icon: str = field(default="", repr=False)
    """Trusted inline SVG markup supplied by a plugin (written unescaped by themes)."""
