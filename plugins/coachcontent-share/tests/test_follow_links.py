"""Follow links from the site's social profiles, and the inline icons."""

from __future__ import annotations

from collections.abc import Callable

import coachcontent_share
import lxml.etree
import pytest
from coachcontent_share.icons import ICON_PATHS

from coachcontent import ShareLink, Site, SocialProfile

SVG = "{http://www.w3.org/2000/svg}"


def test_follow_links_keep_site_order_with_rel_me(site: Site) -> None:
    links = coachcontent_share.follow_links(site)
    assert [(link.network, link.label, link.url, link.rel) for link in links] == [
        ("linkedin", "LinkedIn", "https://www.linkedin.com/company/coach-example", "me noopener"),
        ("mastodon", "Mastodon", "https://mastodon.social/@coach", "me noopener"),
        ("x", "X", "https://x.com/coach_example", "me noopener"),
        ("rss", "Feed", "/feed/", "alternate"),
    ]
    assert all(isinstance(link, ShareLink) for link in links)


def test_mastodon_profile_link_verifies_with_rel_me(site: Site) -> None:
    (mastodon,) = [link for link in coachcontent_share.follow_links(site) if link.network == "mastodon"]
    assert "me" in mastodon.rel.split()
    assert "noopener" in mastodon.rel.split()


def test_profile_label_is_kept(make_site: Callable[..., Site]) -> None:
    site = make_site(social=(SocialProfile(network="youtube", url="https://www.youtube.com/@c", label="Videos"),))
    (link,) = coachcontent_share.follow_links(site)
    assert (link.label, link.rel) == ("Videos", "me noopener")
    assert "share-icon-youtube" in link.icon


def test_no_profiles_no_links(make_site: Callable[..., Site]) -> None:
    assert coachcontent_share.follow_links(make_site(social=())) == ()


@pytest.mark.parametrize("network", [*sorted(ICON_PATHS), "twitter", "unknown-network"])
def test_icons_are_self_contained_svg(network: str) -> None:
    markup = coachcontent_share.icon(network)
    root = lxml.etree.fromstring(markup.encode())
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-hidden") == "true"
    assert root.get("fill") == "none"
    assert root.get("stroke") == "currentColor"
    assert f"share-icon-{network}" in root.get("class", "")
    drawn = list(root)
    assert drawn, "an icon draws something"
    for element in root.iter():
        # Nothing that loads, links or runs: no script, no href, no event handler.
        assert element.tag in {f"{SVG}{name}" for name in ("svg", "path", "rect", "circle")}
        for name in element.attrib:
            assert not name.startswith("on")
            assert "href" not in name


def test_icon_class_cannot_be_injected() -> None:
    markup = coachcontent_share.icon('x" onload="alert(1)')
    root = lxml.etree.fromstring(markup.encode())
    assert root.get("onload") is None
    assert root.get("class") == "share-icon share-icon-link"


def test_every_builtin_network_has_its_own_icon() -> None:
    generic = coachcontent_share.icon("link").replace("share-icon-link", "")
    for slug in coachcontent_share.BUILTIN_NETWORKS:
        assert coachcontent_share.icon(slug).replace(f"share-icon-{slug}", "") != generic
