"""Which networks are shown, in what order and with what labels; per-entry overrides;
hashtags, via, UTM, images and the [share] section's checks."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import coachcontent_share
import pytest
from coachcontent_share import SECTION, ShareSettingsError

from coachcontent import Image, Page, Post, Site

POST_URL = "https://coach.example/2024/03/listening-first/"


def _params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_default_networks_order_labels_and_rel(site: Site) -> None:
    post = site.posts_newest_first()[0]
    links = coachcontent_share.share_links(site, post)
    assert [link.network for link in links] == list(coachcontent_share.DEFAULT_NETWORKS)
    assert [link.label for link in links] == [
        "LinkedIn",
        "Facebook",
        "X",
        "Bluesky",
        "Mastodon",
        "Threads",
        "WhatsApp",
        "E-mail",
    ]
    assert {link.rel for link in links} == {"noopener"}
    assert all(link.icon.startswith("<svg ") for link in links)


def test_site_chooses_networks_order_and_labels(make_site: Callable[..., Site]) -> None:
    site = make_site(
        share={
            "networks": ["email", "reddit", "linkedin"],
            "labels": {"email": "Send to a colleague", "linkedin": "Share on LinkedIn"},
        }
    )
    links = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert [(link.network, link.label) for link in links] == [
        ("email", "Send to a colleague"),
        ("reddit", "Reddit"),
        ("linkedin", "Share on LinkedIn"),
    ]


def test_post_front_matter_list_overrides_networks(
    make_site: Callable[..., Site], make_post: Callable[..., Post]
) -> None:
    post = make_post(extra={"share": ["telegram", "x"]})
    site = make_site(posts=(post,), share={"networks": ["linkedin"]})
    assert [link.network for link in coachcontent_share.share_links(site, post)] == [
        "telegram",
        "x",
    ]


def test_post_front_matter_false_hides_links(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(extra={"share": False})
    site = make_site(posts=(post,))
    assert coachcontent_share.share_links(site, post) == ()


def test_post_front_matter_table(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(
        extra={
            "share": {
                "networks": ["x", "linkedin"],
                "labels": {"linkedin": "Tell your network"},
                "hashtags": ["Leadership", "team work"],
                "title": "A shorter text & more",
            }
        }
    )
    site = make_site(posts=(post,))
    x, linkedin = coachcontent_share.share_links(site, post)
    assert _params(x.url) == {
        "text": "A shorter text & more",
        "url": POST_URL,
        "hashtags": "Leadership,TeamWork",
    }
    assert linkedin.label == "Tell your network"


def test_pages_have_no_share_links_unless_asked(make_site: Callable[..., Site]) -> None:
    asked = Page(slug="offer", title="Our Offer", extra={"share": True})
    site = make_site(pages=(Page(slug="privacy", title="Privacy"), asked))
    assert coachcontent_share.share_links(site, site.page("privacy")) == ()
    links = coachcontent_share.share_links(site, asked)
    assert _params(links[0].url) == {"url": "https://coach.example/offer/"}


def test_pages_setting_turns_page_links_on(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"pages": True, "networks": ["reddit"]})
    (link,) = coachcontent_share.share_links(site, site.page("about/contact"))
    assert _params(link.url) == {"url": "https://coach.example/about/contact/", "title": "Contact"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (42, "expected true, false, a list of networks or a table, got 42"),
        ("linkedin", "expected true, false, a list of networks or a table"),
        (["LinkedIn"], "'LinkedIn' is not a network slug"),
        ({"network": ["x"]}, "unknown key(s) network"),
        ({"labels": {"x": ""}}, "share.labels"),
        ({"hashtags": "leadership"}, "share.hashtags: expected a list"),
        (["myspace"], "no share network 'myspace'"),
    ],
)
def test_bad_front_matter_names_the_post(
    make_site: Callable[..., Site], make_post: Callable[..., Post], value: object, message: str
) -> None:
    post = make_post(extra={"share": value}, source_path="content/posts/listening.md")
    site = make_site(posts=(post,))
    with pytest.raises(ShareSettingsError) as caught:
        coachcontent_share.share_links(site, post)
    assert message in str(caught.value)
    assert "listening-first" in str(caught.value)


def test_unknown_network_in_site_settings(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"networks": ["linkedin", "friendster"]})
    with pytest.raises(ShareSettingsError, match=r"\[share\] networks: no share network 'friendster'"):
        coachcontent_share.share_links(site, site.posts_newest_first()[0])


def test_hashtags_per_network(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"networks": ["x", "bluesky", "threads", "linkedin"], "max_hashtags": 2})
    x, bluesky, threads, linkedin = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert _params(x.url)["hashtags"] == "ExecutiveCoaching,listening"
    assert _params(bluesky.url)["text"].endswith(" #ExecutiveCoaching #listening")
    assert _params(threads.url)["tag"] == "executive coaching"
    assert "hashtag" not in linkedin.url


def test_hashtags_can_be_turned_off(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"networks": ["x", "threads", "mastodon"], "hashtags": False})
    x, threads, mastodon = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert "hashtags" not in _params(x.url)
    assert "tag" not in _params(threads.url)
    assert "#" not in _params(mastodon.url)["text"]


def test_hashtag_forms() -> None:
    assert coachcontent_share.hashtag("executive coaching") == "ExecutiveCoaching"
    assert coachcontent_share.hashtag("listening") == "listening"
    assert coachcontent_share.hashtag("Influence & Coalitions") == "InfluenceCoalitions"
    assert coachcontent_share.hashtag("Führung im Team") == "FührungImTeam"
    assert coachcontent_share.hashtag("2024") == ""
    assert coachcontent_share.hashtag("#?!") == ""
    assert coachcontent_share.hashtags(["a b", "AB", "2024", "c"], limit=5) == ("AB", "c")
    assert coachcontent_share.threads_topic("Q&A. Part\t2") == "Q A Part 2"


def test_via_and_utm(make_site: Callable[..., Site]) -> None:
    site = make_site(
        share={
            "networks": ["x", "linkedin"],
            "via": "@coach_example",
            "utm_source": "{network}",
            "utm_medium": "social share",
            "utm_campaign": "post-{slug}",
        }
    )
    x, linkedin = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert _params(x.url)["via"] == "coach_example"
    assert _params(x.url)["url"] == (
        POST_URL + "?utm_source=x&utm_medium=social%20share&utm_campaign=post-listening-first"
    )
    shared = _params(linkedin.url)["url"]
    assert dict(parse_qsl(urlsplit(shared).query)) == {
        "utm_source": "linkedin",
        "utm_medium": "social share",
        "utm_campaign": "post-listening-first",
    }


def test_pinterest_needs_a_raster_image(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    without = make_post(slug="no-image", image=None)
    vector = make_post(slug="vector", image=Image(src="/images/logo.svg"))
    external = make_post(slug="external", image=Image(src="https://cdn.example/pins/a%20b.png"))
    site = make_site(posts=(without, vector, external), share={"networks": ["pinterest", "x"]})
    assert [link.network for link in coachcontent_share.share_links(site, without)] == ["x"]
    assert [link.network for link in coachcontent_share.share_links(site, vector)] == ["x"]
    (pin, _x) = coachcontent_share.share_links(site, external)
    assert _params(pin.url)["media"] == "https://cdn.example/pins/a%20b.png"


def test_default_image_stands_in(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(image=None)
    site = make_site(posts=(post,), share={"networks": ["pinterest"], "default_image": "/images/card.png"})
    (pin,) = coachcontent_share.share_links(site, post)
    assert _params(pin.url)["media"] == "https://coach.example/images/card.png"


def test_facebook_dialog_with_app_id(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"networks": ["facebook"], "facebook_app_id": "123456"})
    (link,) = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert link.url.startswith("https://www.facebook.com/dialog/share?")
    assert _params(link.url) == {
        "app_id": "123456",
        "display": "page",
        "href": POST_URL,
        "hashtag": "#ExecutiveCoaching",
    }


def test_mastodon_instance_is_configurable(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"networks": ["mastodon"], "mastodon_instance": "hachyderm.io"})
    (link,) = coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert link.url.startswith("https://hachyderm.io/share?text=Listening%20First%0A%0Ahttps%3A")


def test_bad_site_settings_are_reported(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"mastodon_instance": "https://hachyderm.io/", "colour": "red"})
    with pytest.raises(ShareSettingsError) as caught:
        coachcontent_share.share_links(site, site.posts_newest_first()[0])
    assert "colour: unknown key in [share]" in str(caught.value)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"mastodon_instance": "https://hachyderm.io/"}, "mastodon_instance"),
        ({"networks": ["x", "x"]}, "networks"),
        ({"networks": ["X Corp"]}, "networks"),
        ({"via": "@much_too_long_for_x_names"}, "via"),
        ({"facebook_app_id": "abc"}, "facebook_app_id"),
        ({"default_image": "javascript:alert(1)"}, "default_image"),
        ({"locale": "english"}, "locale"),
        ({"search_url": "/search/"}, "search_url"),
        ({"max_hashtags": -1}, "max_hashtags"),
        ({"labels": {"x": 3}}, "labels"),
        ({"networks": "x"}, "networks"),
    ],
)
def test_section_checks(values: dict[str, object], key: str) -> None:
    assert key in [problem_key for problem_key, _ in SECTION.check(values)]


def test_section_accepts_documented_example() -> None:
    assert (
        SECTION.check(
            {
                "networks": ["linkedin", "x", "bluesky", "mastodon", "email"],
                "labels": {"email": "Send to a colleague"},
                "mastodon_instance": "hachyderm.io",
                "via": "northbridge",
                "default_image": "/images/share-card.png",
                "default_image_width": 1200,
                "default_image_height": 630,
                "locale": "en_GB",
                "search_url": "https://search.example/?q={search_term_string}",
            }
        )
        == []
    )


def test_same_input_same_links(make_site: Callable[..., Site]) -> None:
    first = make_site(share={"networks": list(coachcontent_share.BUILTIN_NETWORKS)})
    second = make_site(share={"networks": list(coachcontent_share.BUILTIN_NETWORKS)})
    assert coachcontent_share.share_links(first, first.posts_newest_first()[0]) == coachcontent_share.share_links(
        second, second.posts_newest_first()[0]
    )


def test_settings_are_a_fresh_copy_for_each_caller(make_site: Callable[..., Site]) -> None:
    # Resolved once per site, but a caller (or a network's build) that changes its copy
    # changes no other page's.
    site = make_site(share={"networks": ["linkedin", "email"], "labels": {"email": "Mail"}})
    first = coachcontent_share.settings(site)
    first["networks"].append("x")
    first["labels"]["email"] = "changed"
    first["via"] = "someone"
    again = coachcontent_share.settings(site)
    assert list(again["networks"]) == ["linkedin", "email"]
    assert again["labels"] == {"email": "Mail"}
    assert again["via"] == ""
    assert [link.label for link in coachcontent_share.share_links(site, site.posts_newest_first()[0])] == [
        "LinkedIn",
        "Mail",
    ]


def test_a_network_reads_the_settings_but_cannot_change_them(make_site: Callable[..., Site]) -> None:
    # Every page's networks share one resolved [share] section: read-only, so a network's
    # build that tries to change it fails instead of changing the links of later pages.
    site = make_site(share={"networks": ["linkedin", "probe"], "labels": {"probe": "Probe"}})
    seen = []

    def build(content: coachcontent_share.SharedContent) -> str:
        seen.append(content.settings)
        with pytest.raises(TypeError):
            content.settings["labels"]["probe"] = "changed"  # type: ignore[index]
        with pytest.raises(AttributeError):
            content.settings["networks"].append("x")
        return coachcontent_share.share_url("https://probe.example/share", [("url", content.url)])

    probe = coachcontent_share.ShareNetwork(slug="probe", label="Probe", build=build)
    networks = {**coachcontent_share.BUILTIN_NETWORKS, "probe": probe}
    post = site.posts_newest_first()[0]
    for _ in range(2):
        links = coachcontent_share.share_links(site, post, networks=networks)
        assert [link.label for link in links] == ["LinkedIn", "Probe"]
    assert seen[0]["networks"] == ("linkedin", "probe")
    assert seen[0]["labels"] == {"probe": "Probe"}
    assert dict(seen[0]) == {**coachcontent_share.settings(site), "networks": ("linkedin", "probe")}
