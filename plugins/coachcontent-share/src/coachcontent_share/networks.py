"""Share networks: how each one wants a link shared, checked against its own documentation.

Every URL form is the one the network documents for plain links (no script,
no SDK); each :class:`ShareNetwork` names its source in ``source``:

- facebook: ``https://www.facebook.com/sharer/sharer.php?u=``; with
  ``facebook_app_id`` the documented Share Dialog
  ``https://www.facebook.com/dialog/share?app_id=&display=page&href=&hashtag=``
- linkedin: ``https://www.linkedin.com/sharing/share-offsite/?url=``
- x: ``https://x.com/intent/tweet?text=&url=&hashtags=&via=`` (X "Web intent")
- pinterest: ``https://www.pinterest.com/pin/create/button/?url=&media=&description=``
- reddit: ``https://www.reddit.com/submit?url=&title=``
- hackernews: ``https://news.ycombinator.com/submitlink?u=&t=`` (HN's bookmarklet)
- email: ``mailto:?subject=&body=`` (RFC 6068)
- whatsapp: ``https://wa.me/?text=`` (WhatsApp "click to chat")
- telegram: ``https://t.me/share/url?url=&text=`` (Telegram "Sharing Button")
- bluesky: ``https://bsky.app/intent/compose?text=`` (Bluesky "Action Intent Links")
- threads: ``https://www.threads.com/intent/post?text=&url=&tag=`` (Threads "Web Intents")
- mastodon: ``https://<instance>/share?text=`` (Mastodon's share page; there is
  no central one, so the server is configured)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from coachcontent_share.config import SLUG
from coachcontent_share.hashtags import inline_hashtags, threads_topic, x_hashtags
from coachcontent_share.icons import icon
from coachcontent_share.urls import share_url

if TYPE_CHECKING:
    from coachcontent import Page, Post, Site


def _slug(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError(f"{attribute.name}: {value!r} is not a network slug such as 'linkedin'")


@frozen(kw_only=True)
class SharedContent:
    """What is shared on one network: everything a network's URL builder needs.

    :param url: the absolute URL of the entry, with this network's UTM parameters.
    :param title: the entry's title (or the ``title`` of its ``share`` front matter).
    :param description: a plain-text description (from the summary), may be empty.
    :param hashtags: hashtag words without ``#`` (see :func:`coachcontent_share.hashtag`).
    :param tag_names: the tag names as written, for networks with their own rules.
    :param image: the absolute URL of the entry's image (or the default image), if any.
    :param via: the X user name to credit, without ``@``; may be empty.
    :param settings: the whole ``[share]`` section, defaults filled in.
    :param site: the site.
    :param entry: the post or page shared.
    """

    url: str
    title: str
    description: str = ""
    hashtags: tuple[str, ...] = ()
    tag_names: tuple[str, ...] = ()
    image: str | None = None
    via: str = ""
    settings: Mapping[str, Any] = field(factory=dict, eq=False, repr=False)
    site: Site | None = field(default=None, eq=False, repr=False)
    entry: Post | Page | None = field(default=None, eq=False, repr=False)


#: A network's URL builder: the share URL for the content, or ``None`` to leave
#: the network out for this entry (Pinterest without an image).
UrlBuilder = Callable[[SharedContent], "str | None"]


@frozen(kw_only=True)
class ShareNetwork:
    """A network that content can be shared on.

    Plugins add networks by implementing ``coachcontent_share_networks``
    (see :mod:`coachcontent_share.hookspecs`).

    :param slug: the key used in ``[share] networks`` and front matter.
    :param label: the default link text.
    :param build: makes the share URL from a :class:`SharedContent`; build it
        with :func:`coachcontent_share.share_url` so every value is encoded.
    :param icon: trusted inline SVG; empty for the plugin's generic icon.
    :param source: where the URL form is documented.
    """

    slug: str = field(validator=_slug)
    label: str
    build: UrlBuilder = field(eq=False)
    icon: str = field(default="", repr=False)
    source: str = ""

    @property
    def display_icon(self) -> str:
        """The icon, or the plugin's own drawing for this slug."""
        return self.icon or icon(self.slug)


def _text_with_url(content: SharedContent, *, separator: str = " ", tags: bool = False) -> str:
    parts = [content.title, content.url]
    if tags and content.hashtags:
        parts.append(inline_hashtags(content.hashtags))
    return separator.join(part for part in parts if part)


def facebook_url(content: SharedContent) -> str:
    """Facebook: the sharer, or the documented Share Dialog when an app id is set."""
    app_id = str(content.settings.get("facebook_app_id", ""))
    if app_id:
        first = content.hashtags[:1]
        return share_url(
            "https://www.facebook.com/dialog/share",
            [
                ("app_id", app_id),
                ("display", "page"),
                ("href", content.url),
                ("hashtag", f"#{first[0]}" if first else ""),
            ],
        )
    return share_url("https://www.facebook.com/sharer/sharer.php", [("u", content.url)])


def linkedin_url(content: SharedContent) -> str:
    """LinkedIn reads title, description and image from the page's Open Graph tags."""
    return share_url("https://www.linkedin.com/sharing/share-offsite/", [("url", content.url)])


def x_url(content: SharedContent) -> str:
    """X's post intent: text, url, comma-separated hashtags without ``#``, via."""
    return share_url(
        "https://x.com/intent/tweet",
        [
            ("text", content.title),
            ("url", content.url),
            ("hashtags", x_hashtags(content.hashtags)),
            ("via", content.via),
        ],
    )


def pinterest_url(content: SharedContent) -> str | None:
    """Pinterest pins an image: without one there is nothing to pin."""
    if not content.image:
        return None
    return share_url(
        "https://www.pinterest.com/pin/create/button/",
        [("url", content.url), ("media", content.image), ("description", content.title)],
    )


def reddit_url(content: SharedContent) -> str:
    """Reddit's submit page with the link and its title."""
    return share_url("https://www.reddit.com/submit", [("url", content.url), ("title", content.title)])


def hackernews_url(content: SharedContent) -> str:
    """Hacker News' submit form, as its bookmarklet opens it."""
    return share_url("https://news.ycombinator.com/submitlink", [("u", content.url), ("t", content.title)])


def email_url(content: SharedContent) -> str:
    """A ``mailto:`` with subject and body; RFC 6068 wants CRLF line breaks in the body."""
    body = "\r\n\r\n".join(part for part in (content.description, content.url) if part)
    return share_url("mailto:", [("subject", content.title), ("body", body)])


def whatsapp_url(content: SharedContent) -> str:
    """WhatsApp's click-to-chat without a number: the visitor picks the chat."""
    return share_url("https://wa.me/", [("text", _text_with_url(content))])


def telegram_url(content: SharedContent) -> str:
    """Telegram's share URL: the link and a comment the visitor can edit."""
    return share_url("https://t.me/share/url", [("url", content.url), ("text", content.title)])


def bluesky_url(content: SharedContent) -> str:
    """Bluesky's compose intent takes one text: title, URL and hashtags."""
    return share_url("https://bsky.app/intent/compose", [("text", _text_with_url(content, tags=True))])


def threads_url(content: SharedContent) -> str:
    """Threads' post intent: text, a link attachment and one topic tag."""
    topic = threads_topic(content.tag_names[0]) if content.tag_names and content.hashtags else ""
    return share_url(
        "https://www.threads.com/intent/post",
        [("text", content.title), ("url", content.url), ("tag", topic)],
    )


def mastodon_url(content: SharedContent) -> str:
    """Mastodon has no central share page: the configured server's ``/share`` is used."""
    instance = str(content.settings.get("mastodon_instance") or "mastodon.social")
    text = _text_with_url(content, separator="\n\n", tags=True)
    return share_url(f"https://{instance}/share", [("text", text)])


#: The networks this plugin knows, by slug.
BUILTIN_NETWORKS: dict[str, ShareNetwork] = {
    network.slug: network
    for network in (
        ShareNetwork(
            slug="facebook",
            label="Facebook",
            build=facebook_url,
            source="https://developers.facebook.com/docs/sharing/reference/share-dialog",
        ),
        ShareNetwork(
            slug="linkedin",
            label="LinkedIn",
            build=linkedin_url,
            source="https://learn.microsoft.com/linkedin/consumer/integrations/self-serve/plugins/share-plugin",
        ),
        ShareNetwork(
            slug="x",
            label="X",
            build=x_url,
            source="https://docs.x.com/x-for-websites/post-button/guides/web-intent",
        ),
        ShareNetwork(
            slug="pinterest",
            label="Pinterest",
            build=pinterest_url,
            source="https://developers.pinterest.com/docs/web-features/buttons/",
        ),
        ShareNetwork(
            slug="reddit",
            label="Reddit",
            build=reddit_url,
            source="https://www.reddit.com/submit",
        ),
        ShareNetwork(
            slug="hackernews",
            label="Hacker News",
            build=hackernews_url,
            source="https://news.ycombinator.com/bookmarklet.html",
        ),
        ShareNetwork(
            slug="email",
            label="E-mail",
            build=email_url,
            source="https://www.rfc-editor.org/rfc/rfc6068",
        ),
        ShareNetwork(
            slug="whatsapp",
            label="WhatsApp",
            build=whatsapp_url,
            source="https://faq.whatsapp.com/general/26000030",
        ),
        ShareNetwork(
            slug="telegram",
            label="Telegram",
            build=telegram_url,
            source="https://core.telegram.org/widgets/share#custom-buttons",
        ),
        ShareNetwork(
            slug="bluesky",
            label="Bluesky",
            build=bluesky_url,
            source="https://docs.bsky.app/docs/advanced-guides/intent-links",
        ),
        ShareNetwork(
            slug="threads",
            label="Threads",
            build=threads_url,
            source="https://developers.facebook.com/docs/threads/threads-web-intents",
        ),
        ShareNetwork(
            slug="mastodon",
            label="Mastodon",
            build=mastodon_url,
            source="https://github.com/mastodon/mastodon/issues/5338",
        ),
    )
}
