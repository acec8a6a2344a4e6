"""What other plugins add (head metadata, share links, template variables), escaped for its context."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import coachcontent
from coachcontent import JsonLd, LinkTag, MetaTag, ShareLink

SCRIPT_URL = "/2024/04/script-title/"


class HeadMetadata:
    """Answers the head-metadata hook as a share/SEO plugin would."""

    def __init__(self) -> None:
        self.views: list[coachcontent.View] = []

    @coachcontent.hookimpl
    def coachcontent_head_metadata(self, site, view):
        self.views.append(view)
        return [
            MetaTag(key="og:title", content=view.title),
            MetaTag(key="twitter:card", content="summary", attribute="name"),
            LinkTag(rel="me", href="https://mastodon.example/@northbridge"),
            LinkTag(rel="canonical", href="https://elsewhere.example/not-ours/"),
            LinkTag(rel="preload", href="javascript:alert(1)"),
            JsonLd(data={"@context": "https://schema.org", "@type": "Article", "headline": view.title}),
        ]


def test_json_ld_cannot_be_closed_by_a_title(site, build, parse, script_title) -> None:
    out = build(site, extra=[HeadMetadata()])
    raw = (out / coachcontent.output_path(SCRIPT_URL)).read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert len(scripts) == 1
    text = scripts[0]
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text)["headline"] == script_title
    # The script ends where it should: the parsed page has exactly our scripts.
    doc = parse(out, SCRIPT_URL)
    assert [s.get("type") for s in doc.xpath("//script")] == ["application/ld+json", None]
    assert re.fullmatch(r"/theme/site\.[0-9a-f]{8}\.js", doc.xpath("//script[@src]/@src")[0])


def test_title_with_markup_is_escaped_everywhere(built: Path, parse, script_title) -> None:
    raw = (built / coachcontent.output_path(SCRIPT_URL)).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    doc = parse(built, SCRIPT_URL)
    assert doc.xpath("string(//main//h1)") == script_title
    assert doc.xpath("string(//title)") == f"{script_title} – Northbridge Test Partners"
    assert doc.xpath("//main//script") == []
    # Also in listings and the search index.
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in home
    index = json.loads((built / "search-index.json").read_text(encoding="utf-8"))
    assert script_title in [entry["title"] for entry in index["entries"]]


def test_head_metadata_is_written_and_filtered(site, build, parse) -> None:
    plugin = HeadMetadata()
    out = build(site, extra=[plugin])
    doc = parse(out, "/2024/03/calendar-strategy/")
    head = doc.xpath("//head")[0]
    assert head.xpath("./meta[@property='og:title']/@content") == ["Why your calendar is a strategy document"]
    assert head.xpath("./meta[@name='twitter:card']/@content") == ["summary"]
    assert head.xpath("./link[@rel='me']/@href") == ["https://mastodon.example/@northbridge"]
    # The theme writes the one canonical link; a javascript: href is never written.
    assert head.xpath("./link[@rel='canonical']/@href") == ["https://coach.example/2024/03/calendar-strategy/"]
    assert head.xpath("./link[@rel='preload']") == []
    assert "javascript:" not in (out / "2024/03/calendar-strategy/index.html").read_text(encoding="utf-8")
    # Every page asked, with the view describing it.
    kinds = {(view.kind, view.url) for view in plugin.views}
    assert ("post", "/2024/03/calendar-strategy/") in kinds
    assert ("home", "/page/2/") in kinds
    assert ("term", "/category/business/page/2/") in kinds
    assert ("author", "/author/theo/") in kinds
    assert ("archive", "/2024/03/") in kinds
    assert ("not-found", "/404.html") in kinds
    term_view = next(v for v in plugin.views if v.url == "/category/business/sales/")
    assert term_view.term == coachcontent.TermRef(taxonomy="categories", slug="sales")
    month_view = next(v for v in plugin.views if v.url == "/2024/03/")
    assert (month_view.year, month_view.month) == (2024, 3)


class Share:
    @coachcontent.hookimpl
    def coachcontent_share_links(self, site, entry):
        url = site.absolute_url(site.url_for(entry))
        return [
            ShareLink(
                network="linkedin",
                label="LinkedIn",
                url=f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
            ),
            ShareLink(network="email", label="E-mail", url=f"mailto:?subject={entry.slug}"),
        ]


class MoreShare:
    @coachcontent.hookimpl
    def coachcontent_share_links(self, site, entry):
        return [ShareLink(network="mastodon", label="Mastodon", url="https://toot.example/share")]


def test_share_links_from_every_plugin_appear(site, build, parse) -> None:
    out = build(site, extra=[Share(), MoreShare()])
    doc = parse(out, "/2024/03/calendar-strategy/")
    links = doc.xpath("//section[@class='share']//a")
    labels = sorted(a.text_content() for a in links)
    assert labels == ["E-mail", "LinkedIn", "Mastodon"]
    linkedin = next(a for a in links if a.text_content() == "LinkedIn")
    assert linkedin.get("href") == (
        "https://www.linkedin.com/sharing/share-offsite/?url=https://coach.example/2024/03/calendar-strategy/"
    )
    assert linkedin.get("rel") == "noopener"
    assert doc.xpath("string(//section[@class='share']/h2)") == "Share this"


def test_share_and_copy_buttons_are_hidden_until_the_script_finds_their_api(site, build, parse, script_title) -> None:
    out = build(site, extra=[Share()])
    for url, title in (
        (SCRIPT_URL, script_title),
        ("/coaching/executive/", "Executive Coaching"),
    ):
        section = parse(out, url).xpath("//section[@class='share']")[0]
        # What the script hands to navigator.share and the clipboard: the entry's own absolute URL.
        assert section.get("data-share-url") == "https://coach.example" + url
        assert section.get("data-share-title") == title
        buttons = section.xpath(".//div[@class='share-actions']/button")
        assert [(b.get("class"), b.get("type"), b.text_content()) for b in buttons] == [
            ("share-button share-native", "button", "Share…"),
            ("share-button share-copy", "button", "Copy link"),
        ]
        # Without scripts (or without the API) the buttons stay hidden; the links do the work.
        assert all(b.get("hidden") is not None for b in buttons)
        assert section.xpath(".//a[@class='share-link network-linkedin']")
        status = section.xpath(".//p[@class='share-status']")[0]
        assert (status.get("role"), status.get("aria-live"), status.text_content()) == ("status", "polite", "")
    post = parse(out, SCRIPT_URL).xpath("//section[@class='share']")[0]
    assert post.get("data-share-text") == "Summary of " + script_title + "."


class DuplicateFeeds:
    @coachcontent.hookimpl
    def coachcontent_head_metadata(self, site, view):
        return [
            LinkTag(rel="alternate", href="/rss.xml", type="application/rss+xml", title="Twice"),
            LinkTag(rel="alternate", href="/rss.xml", type="application/rss+xml", title="Twice, titled otherwise"),
            LinkTag(rel="alternate", href="/other.xml", type="application/rss+xml", title="Other"),
            LinkTag(rel="alternate", href="/de/", hreflang="de"),
        ]


def test_alternate_links_are_written_once_per_href(site_factory, build, parse) -> None:
    feeds = [{"title": "RSS", "url": "/rss.xml", "type": "application/rss+xml"}]
    site = site_factory(config={"html": {"feed_links": "always", "feeds": feeds}})
    doc = parse(build(site, extra=[DuplicateFeeds()]), "/")
    links = [(link.get("href"), link.get("title")) for link in doc.xpath("//head/link[@rel='alternate']")]
    # The theme's own feed link comes first and wins; the plugin adds only what is new.
    assert links == [
        ("/rss.xml", "Northbridge Test Partners – RSS"),
        ("/other.xml", "Other"),
        ("/de/", None),
    ]


def test_no_share_section_without_a_share_plugin(built: Path, parse) -> None:
    assert parse(built, "/2024/03/calendar-strategy/").xpath("//section[@class='share']") == []


class Extras:
    @coachcontent.hookimpl
    def coachcontent_template_context(self, site, view, template):
        return {"promo": f"{template}:{view.kind}", "site": "not the site", "bad_link": "javascript:alert(1)"}


def _site_with_promo_widget(site_factory, tmp_path: Path, template: str):
    """The test site with a site template ``widgets/promo.html`` in its sidebar."""
    folder = tmp_path / "mysite"
    (folder / "templates" / "widgets").mkdir(parents=True)
    (folder / "templates" / "widgets" / "promo.html").write_text(template, encoding="utf-8")
    return site_factory(source_dir=str(folder), config={"html": {"sidebar": ["promo"]}})


def test_template_context_extras_reach_site_templates(site_factory, build, parse, tmp_path) -> None:
    site = _site_with_promo_widget(
        site_factory,
        tmp_path,
        '<section class="widget widget-promo"><p class="promo">{{ promo }}|{{ extra.site }}|{{ site.title }}</p>'
        '{% set href = bad_link|safe_href %}{% if href %}<a href="{{ href }}">bad</a>{% endif %}</section>\n',
    )
    out = build(site, extra=[Extras()])
    doc = parse(out, "/2024/03/calendar-strategy/")
    # Plugin variables arrive; the theme's own names (site) are not replaced.
    assert doc.xpath("string(//p[@class='promo'])") == "post.html:post|not the site|Northbridge Test Partners"
    assert doc.xpath("//section[contains(@class,'widget-promo')]//a") == []
    assert parse(out, "/tag/trust/").xpath("string(//p[@class='promo'])").startswith("term.html:term|")


class DeferredExtras:
    """A plugin variable that costs time: computed only when a template reads it."""

    def __init__(self) -> None:
        self.computed: list[str] = []

    @coachcontent.hookimpl
    def coachcontent_template_context(self, site, view, template):
        if view.kind != "post":
            return None

        def title_length() -> int:
            self.computed.append(view.url)
            return len(view.post.title)

        return {"title_length": coachcontent.Deferred(title_length)}


def test_deferred_template_variables_are_computed_once_and_only_when_read(site_factory, build, parse, tmp_path) -> None:
    quiet = DeferredExtras()
    build(site_factory(), extra=[quiet])
    # The theme's templates never read the variable: nothing was computed.
    assert quiet.computed == []

    site = _site_with_promo_widget(
        site_factory,
        tmp_path,
        '{% if title_length is defined %}<section class="widget widget-promo">'
        '<p class="promo">{{ title_length }}|{{ extra.title_length }}|{{ title_length + 1 }}</p></section>{% endif %}\n',
    )
    shown = DeferredExtras()
    out = build(site, extra=[shown])
    post = next(p for p in site.posts if p.slug == "calendar-strategy")
    length = len(post.title)
    assert parse(out, "/2024/03/calendar-strategy/").xpath("string(//p[@class='promo'])") == (
        f"{length}|{length}|{length + 1}"
    )
    assert parse(out, "/tag/trust/").xpath("//p[@class='promo']") == []
    # Read three times on a page, computed once: one call per post page.
    published = [p for p in site.posts if site.is_published(p)]
    assert sorted(shown.computed) == sorted(site.url_for(p) for p in published)


def test_call_to_action_from_settings_and_front_matter(site_factory, build, parse) -> None:
    import attrs

    base = site_factory()
    posts = [
        attrs.evolve(p, extra={"cta": {"label": "Join the lab", "url": "/courses/lab/"}})
        if p.slug == "feedback"
        else attrs.evolve(p, extra={"cta": {"label": "Evil", "url": "javascript:alert(1)"}})
        if p.slug == "delegation-ladder"
        else attrs.evolve(p, extra={"cta": False})
        if p.slug == "networking-kinds"
        else p
        for p in base.posts
    ]
    site = site_factory(
        posts=posts, config={"html": {"cta": {"label": "Book a discovery call", "url": "/about/contact/"}}}
    )
    out = build(site)

    def cta(url: str) -> list[tuple[str, str]]:
        return [(a.get("href"), a.text_content()) for a in parse(out, url).xpath("//aside[@class='cta-box']//a")]

    assert cta("/2024/03/calendar-strategy/") == [("/about/contact/", "Book a discovery call")]
    assert cta("/2024/04/feedback/") == [("/courses/lab/", "Join the lab")]
    assert cta("/2024/04/delegation-ladder/") == []
    assert cta("/2024/03/networking-kinds/") == []
    hero = parse(out, "/").xpath("//div[@class='hero']//a[@class='button']")
    assert [(a.get("href"), a.text_content()) for a in hero] == [("/about/contact/", "Book a discovery call")]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"sidebar": ["search", "../etc"]}, "sidebar"),
        ({"feeds": [{"url": "javascript:alert(1)"}]}, "feeds"),
        ({"date_format": "{hour}"}, "date_format"),
        ({"cta": {"label": "x", "url": "javascript:alert(1)"}}, "cta"),
        ({"posts_per_page": -1}, "posts_per_page"),
        ({"colour": "blue"}, "colour"),
        ({"feed_links": "sometimes"}, "feed_links"),
    ],
)
def test_bad_settings_are_reported(site_factory, build, config, message) -> None:
    site = site_factory(config={"html": config})
    # The build names the plugin and the setting.
    with pytest.raises(coachcontent.BuildError, match=rf"plugin 'html'.*\[html\] in site\.toml: .*{message}"):
        build(site)


def test_config_section_is_declared() -> None:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["html"]))
    sections = [s for result in pm.hook.coachcontent_config_sections() for s in result]
    html = next(s for s in sections if s.name == "html")
    assert {key.name for key in html.keys} >= {
        "sidebar",
        "header",
        "footer",
        "feeds",
        "feed_links",
        "search_fallback",
        "search_site_param",
        "date_format",
        "posts_per_page",
    }
    assert html.check({"sidebar": ["tags"], "date_format": "{day}. {month_name}"}) == []


def test_head_elements_escape_every_value_as_markupsafe_does() -> None:
    # Random values full of the characters an attribute must not hold raw; the tag parses
    # back to the exact value, and the bytes are those markupsafe.escape gives.
    import random

    import lxml.html
    from coachcontent_html import head_element, script_json
    from markupsafe import escape

    rnd = random.Random(11)
    alphabet = ["a", " ", "&", "<", ">", '"', "'", "é", "—", "&amp;", "/", "=", "日"]
    for _ in range(3000):
        content = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        html = str(head_element(MetaTag(key="og:title", content=content)))
        assert html == f'<meta property="og:title" content="{escape(content)}">'
        assert lxml.html.fragment_fromstring(html).get("content") == content
        link = str(head_element(LinkTag(rel="alternate", href="/feed.xml", title=content)))
        assert lxml.html.fragment_fromstring(link).get("title") == content
    # JSON-LD objects nest frozen mappings: written as the plain data would be.
    data = {"@type": "BlogPosting", "author": [{"@type": "Person", "name": "A & B"}], "about": {"name": "<x>"}}
    element = head_element(JsonLd(data=data))
    assert str(element) == f'<script type="application/ld+json">{script_json(data)}</script>'
    assert json.loads(script_json(JsonLd(data=data).data)) == data
