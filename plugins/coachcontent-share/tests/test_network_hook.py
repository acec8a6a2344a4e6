"""Other plugins add or replace share networks through coachcontent_share_networks."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import coachcontent_share
import pluggy
import pytest
from coachcontent_share import SharedContent, ShareNetwork, share_url

import coachcontent
from coachcontent import Site


def _flipboard(content: SharedContent) -> str:
    return share_url(
        "https://share.flipboard.com/bookmarklet/popout",
        [("v", "2"), ("title", content.title), ("url", content.url)],
    )


class FlipboardPlugin:
    """A plugin of a site author's own: one more network."""

    @coachcontent.hookimpl(optionalhook=True)
    def coachcontent_share_networks(self, site: Site) -> list[ShareNetwork]:
        return [ShareNetwork(slug="flipboard", label="Flipboard", build=_flipboard)]


def test_plugin_adds_a_network(
    plugin_manager: Callable[..., pluggy.PluginManager], make_site: Callable[..., Site]
) -> None:
    pm = plugin_manager(FlipboardPlugin())
    site = make_site(share={"networks": ["flipboard", "linkedin"]})
    post = site.posts_newest_first()[0]
    links = [link for result in pm.hook.coachcontent_share_links(site=site, entry=post) for link in result]
    assert [(link.network, link.label, link.rel) for link in links] == [
        ("flipboard", "Flipboard", "noopener"),
        ("linkedin", "LinkedIn", "noopener"),
    ]
    flipboard = urlsplit(links[0].url)
    assert flipboard.netloc == "share.flipboard.com"
    assert parse_qsl(flipboard.query) == [
        ("v", "2"),
        ("title", "Listening First"),
        ("url", "https://coach.example/2024/03/listening-first/"),
    ]
    # A network without its own icon gets the plugin's generic one.
    assert links[0].icon.startswith("<svg ")


def test_plugin_network_chosen_per_post(
    plugin_manager: Callable[..., pluggy.PluginManager],
    make_site: Callable[..., Site],
    make_post: Callable[..., coachcontent.Post],
) -> None:
    pm = plugin_manager(FlipboardPlugin())
    post = make_post(extra={"share": ["flipboard"]})
    site = make_site(posts=(post,))
    (links,) = pm.hook.coachcontent_share_links(site=site, entry=post)
    assert [link.network for link in links] == ["flipboard"]


def test_unknown_network_without_the_plugin(
    plugin_manager: Callable[..., pluggy.PluginManager], make_site: Callable[..., Site]
) -> None:
    pm = plugin_manager()
    site = make_site(share={"networks": ["flipboard"]})
    with pytest.raises(coachcontent_share.ShareSettingsError, match="no share network 'flipboard'"):
        pm.hook.coachcontent_share_links(site=site, entry=site.posts_newest_first()[0])


def test_plugin_replaces_a_built_in_network(
    plugin_manager: Callable[..., pluggy.PluginManager], make_site: Callable[..., Site]
) -> None:
    class OwnMastodon:
        @coachcontent.hookimpl(optionalhook=True)
        def coachcontent_share_networks(self, site: Site) -> list[ShareNetwork]:
            # A share picker the site hosts itself, for visitors on any server.
            return [
                ShareNetwork(
                    slug="mastodon",
                    label="Fediverse",
                    build=lambda content: share_url(
                        f"{content.site.base_url}/share-to-fediverse/" if content.site else "",
                        [("text", f"{content.title} {content.url}")],
                    ),
                )
            ]

    pm = plugin_manager(OwnMastodon())
    site = make_site(share={"networks": ["mastodon"]})
    (links,) = pm.hook.coachcontent_share_links(site=site, entry=site.posts_newest_first()[0])
    assert [(link.label, link.url.split("?")[0]) for link in links] == [
        ("Fediverse", "https://coach.example/share-to-fediverse/")
    ]


def test_network_may_skip_an_entry(
    plugin_manager: Callable[..., pluggy.PluginManager], make_site: Callable[..., Site]
) -> None:
    class OnlyTagged:
        @coachcontent.hookimpl(optionalhook=True)
        def coachcontent_share_networks(self) -> list[ShareNetwork]:
            return [
                ShareNetwork(
                    slug="tagged",
                    label="Tagged",
                    build=lambda c: share_url("https://t.example/", [("u", c.url)]) if c.hashtags else None,
                )
            ]

    pm = plugin_manager(OnlyTagged())
    site = make_site(share={"networks": ["tagged"], "hashtags": False})
    assert pm.hook.coachcontent_share_links(site=site, entry=site.posts_newest_first()[0]) == [()]


def test_bad_link_from_a_plugin_network_is_refused(
    plugin_manager: Callable[..., pluggy.PluginManager], make_site: Callable[..., Site]
) -> None:
    class Scripted:
        @coachcontent.hookimpl(optionalhook=True)
        def coachcontent_share_networks(self) -> list[ShareNetwork]:
            return [ShareNetwork(slug="evil", label="Evil", build=lambda c: "javascript:alert(1)")]

    pm = plugin_manager(Scripted())
    site = make_site(share={"networks": ["evil"]})
    with pytest.raises(coachcontent_share.ShareSettingsError, match="'evil' made a bad link"):
        pm.hook.coachcontent_share_links(site=site, entry=site.posts_newest_first()[0])


def test_network_slug_is_checked() -> None:
    with pytest.raises(ValueError, match="not a network slug"):
        ShareNetwork(slug="Flip Board", label="Flipboard", build=_flipboard)


def test_share_plugin_answers_the_core_hooks(plugin_manager: Callable[..., pluggy.PluginManager], site: Site) -> None:
    pm = plugin_manager()
    view = coachcontent.View(kind="home", url="/")
    assert pm.hook.coachcontent_follow_links(site=site) == [coachcontent_share.follow_links(site)]
    assert pm.hook.coachcontent_head_metadata(site=site, view=view) == [coachcontent_share.head_metadata(site, view)]
    sections = [s for result in pm.hook.coachcontent_config_sections() for s in result]
    assert coachcontent_share.SECTION in sections
