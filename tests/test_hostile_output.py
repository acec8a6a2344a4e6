"""Hostile strings through every output: escaped for their context, never executed or evaluated.

A fixture site carries markup, script breakers, CDATA terminators, template
syntax, right-to-left marks and emoji in every text field a site has
(titles, tags, categories, menu labels, author names and bios, link lists,
social profiles, descriptions, image alt text) and in the URLs that may
legally contain quotes and angle brackets.  It is built with every
installed plugin and each output is parsed:

(Post descriptions and bodies are Markdown, where raw HTML is the author's
own: event handlers there are refused at load time, see
``tests/bad_inputs/script-in-content-attributes``.)

- every HTML page: no ``<script>`` the theme did not put there (compared
  with a build of the same site with harmless text), no ``on*`` attribute,
  no link with a scheme other than http, https or mailto, template syntax
  shown as written;
- every XML feed and sitemap parses (and feeds pass feedparser without
  ``bozo``); the hostile titles come back exactly;
- every JSON-LD block parses and carries the hostile title;
- the search index parses and carries it too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import coachcontent

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "breakout": '"><img src=x onerror=alert(1)>',
    "close": "</script>",
    "cdata": "]]>",
    "jinja": "Before{{ 7*7 }}After",
    "block": "Open{% raw %}Close",
    "quote": 'It\'s "quoted" & <b>bold</b>',
    "rtl": "\u200fשלום\u202eevil\u202c",
    "emoji": "🧭 Compass 👩🏽‍💼",
}
EVALUATED = ["Before49After", "OpenClose"]  # what template engines would make of the jinja and block attacks


def hostile(kind: str, base: str) -> str:
    return f"{base} {ATTACKS[kind]}"


def harmless(kind: str, base: str) -> str:
    return f"{base} plain words"


def q(text: str) -> str:
    """A TOML (and YAML) double-quoted string."""
    return json.dumps(text, ensure_ascii=False)


def write_site(root: Path, say: Callable[[str, str], str], evil_url: str) -> dict[str, str]:
    """The fixture site; returns its post titles by slug."""
    titles = {
        "breakout-post": say("breakout", "Breakout"),
        "script-post": say("script", "Script"),
        "template-post": say("jinja", "Template") + " " + ATTACKS["block"]
        if say is hostile
        else say("jinja", "Template"),
        "cdata-post": say("cdata", "Cdata") + (" " + ATTACKS["close"] if say is hostile else ""),
        "world-post": say("rtl", "World") + (" " + ATTACKS["emoji"] if say is hostile else ""),
    }
    tags = [say("script", "Tag"), say("cdata", "Tag two"), say("emoji", "Tag three")]
    categories = [say("breakout", "Category"), say("jinja", "Category two")]
    root.mkdir(parents=True)
    (root / "site.toml").write_text(
        f"""
[site]
title = {q(say("script", "Harbour"))}
url = "https://harbour.example"
tagline = {q(say("block", "Tagline"))}
description = {q(say("breakout", "Description"))}

[[authors]]
slug = "ines"
name = {q(say("breakout", "Ines"))}
bio = {q(say("script", "Bio") + " " + (ATTACKS["jinja"] if say is hostile else ""))}
email = {q('ines"onmouseover="alert(1)@harbour.example' if say is hostile else "ines@harbour.example")}
url = {q(evil_url)}

  [[authors.social]]
  network = "linkedin"
  url = {q(evil_url)}
  label = {q(say("breakout", "LinkedIn"))}
  handle = {q(say("script", "handle"))}

[[social]]
network = "mastodon"
url = "https://mastodon.example/@harbour"
label = {q(say("quote", "Mastodon"))}

[[taxonomies.categories.terms]]
name = {q(categories[0])}
description = {q(say("script", "About this category"))}

[[taxonomies.categories.terms]]
name = {q(categories[1])}
parent = {q(categories[0])}

[[taxonomies.tags.terms]]
name = {q(tags[0])}
description = {q(say("cdata", "About this tag"))}

[[menus.main.items]]
title = {q(say("script", "Home"))}
url = "/"

[[menus.main.items]]
page = "about"
title = {q(say("breakout", "About"))}

  [[menus.main.items.children]]
  title = {q(say("jinja", "Elsewhere"))}
  url = {q(evil_url)}

[[menus.main.items]]
category = {q(categories[0])}

[[menus.footer.items]]
title = {q(say("rtl", "Footer"))}
url = "mailto:ines@harbour.example?subject=%22hi%22"

[link_lists.blogroll]
title = {q(say("block", "Blogroll"))}

[[link_lists.blogroll.links]]
title = {q(say("breakout", "Peer"))}
url = {q(evil_url)}
description = {q(say("script", "A peer"))}
rel = {q('me" onmouseover="alert(1)' if say is hostile else "me")}
""",
        encoding="utf-8",
    )
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for number, (slug, title) in enumerate(sorted(titles.items()), start=1):
        (posts / f"2024-03-{number:02d}-{slug}.md").write_text(
            f"""+++
title = {q(title)}
slug = "{slug}"
tags = [{", ".join(q(tag) for tag in tags)}]
categories = [{q(categories[number % 2])}]
description = {q(say("script", "Summary") + " " + say("cdata", "and"))}
canonical_url = {q(evil_url)}
image = {{ src = "/images/a.png", alt = {q(say("breakout", "Alt"))} }}
aliases = ["/old/{slug}/"]
+++
Body text with {ATTACKS["jinja"] if say is hostile else "plain words"} and {ATTACKS["block"] if say is hostile else "more"}.

Text with <em>inline</em> emphasis and a [link](https://elsewhere.example/).
""",
            encoding="utf-8",
        )
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text(
        f"+++\ntitle = {q(say('script', 'About'))}\n+++\nWho we are, {say('rtl', 'really')}.\n", encoding="utf-8"
    )
    (root / "static" / "images").mkdir(parents=True)
    (root / "static" / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return titles


EVIL_URL = "https://elsewhere.example/a?b=\"><script>alert(1)</script>&c='x'&d=]]>"
HARMLESS_URL = "https://elsewhere.example/a?b=1"


def build(root: Path, say: Callable[[str, str], str], url: str) -> tuple[Path, coachcontent.Site, dict[str, str]]:
    titles = write_site(root / "site", say, url)
    site = coachcontent.load_site(root / "site", selection=coachcontent.PluginSelection())
    out = root / "public"
    coachcontent.build_site(site, out, selection=coachcontent.PluginSelection())
    return out, site, titles


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]:
    return {
        "hostile": build(tmp_path_factory.mktemp("hostile"), hostile, EVIL_URL),
        "harmless": build(tmp_path_factory.mktemp("harmless"), harmless, HARMLESS_URL),
    }


def installed(name: str) -> bool:
    return name in {ep.name for ep in entry_points(group="coachcontent")}


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if p.is_file())


def parse_html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def browser_scheme(url: str) -> str | None:
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub(r"[\t\n\r]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def script_signature(element: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    src = element.get("src")
    if src is not None:
        src = re.sub(r"\.[0-9a-f]{8}\.", ".HASH.", src)  # fingerprinted assets
    return (src, element.get("type"))


def inline_script_text(element: lxml.html.HtmlElement) -> str:
    return element.text or ""


def text_of(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


def test_the_html_plugin_is_installed() -> None:
    """The checks below are about real pages: in CI every plugin is installed."""
    assert installed("html")


def test_no_script_but_the_themes(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    harmless_out = builds["harmless"][0]
    allowed = {script_signature(s) for page in html_pages(harmless_out) for s in parse_html(page).iter("script")}
    allowed_inline = {
        inline_script_text(s)
        for page in html_pages(harmless_out)
        for s in parse_html(page).iter("script")
        if s.get("src") is None and s.get("type") != "application/ld+json"
    }
    out = builds["hostile"][0]
    pages = html_pages(out)
    assert len(pages) > 10
    for page in pages:
        tree = parse_html(page)
        for script in tree.iter("script"):
            where = page.relative_to(out)
            assert script_signature(script) in allowed, (where, lxml.html.tostring(script)[:200])
            if script.get("type") == "application/ld+json":
                json.loads(script.text or "")
            elif script.get("src") is None:
                assert inline_script_text(script) in allowed_inline, where
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "object", "embed", "base", "applet"), page.relative_to(out)
            for name in element.attrib:
                assert not name.lower().startswith("on"), (page.relative_to(out), element.tag, name)


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href")


def test_every_link_has_an_allowed_scheme(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    out = builds["hostile"][0]
    checked = 0
    for page in html_pages(out):
        tree = parse_html(page)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            values = [element.get(name) for name in URL_ATTRIBUTES if element.get(name) is not None]
            values += [part.strip().split(" ")[0] for part in (element.get("srcset") or "").split(",") if part.strip()]
            if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
                values.append((element.get("content") or "").partition("url=")[2])
            for value in values:
                checked += 1
                assert browser_scheme(value) in (None, "http", "https", "mailto"), (page.relative_to(out), value)
    assert checked > 100


def test_hostile_text_is_shown_as_written(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    """Each post page shows its title exactly, template syntax included (never evaluated)."""
    out, site, titles = builds["hostile"]
    for slug, title in titles.items():
        page = out / site.url_for(site.post(slug)).strip("/") / "index.html"
        tree = parse_html(page)
        headings = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
        assert " ".join(title.split()) in headings, (slug, headings)
        assert tree.findtext(".//title") is not None and title.split()[0] in tree.findtext(".//title")
    for page in html_pages(out):
        text = text_of(parse_html(page))
        for evaluated in EVALUATED:
            assert evaluated not in text, page.relative_to(out)
    home = text_of(parse_html(out / "index.html"))
    assert ATTACKS["jinja"] in home
    assert ATTACKS["block"] in home
    assert ATTACKS["emoji"] in home
    assert ATTACKS["rtl"] in home


def test_alias_redirects_are_safe(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    out, _site, titles = builds["hostile"]
    for slug in titles:
        tree = parse_html(out / "old" / slug / "index.html")
        assert not list(tree.iter("script"))
        (refresh,) = tree.xpath("//meta[@http-equiv='refresh']")
        assert browser_scheme(refresh.get("content").partition("url=")[2]) == "https"


def test_json_ld_parses_and_round_trips_the_title(
    builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]],
) -> None:
    out, site, titles = builds["hostile"]
    blocks = [
        script.text or ""
        for page in html_pages(out)
        for script in parse_html(page).iter("script")
        if script.get("type") == "application/ld+json"
    ]
    assert installed("share"), "the share plugin (JSON-LD) ships with the project"
    assert blocks
    for block in blocks:
        assert "</script" not in block.lower()
        json.loads(block)
    for slug, title in titles.items():
        page = out / site.url_for(site.post(slug)).strip("/") / "index.html"
        found = [
            json.loads(script.text or "")
            for script in parse_html(page).iter("script")
            if script.get("type") == "application/ld+json"
        ]
        strings = set()

        def collect(value: object, bag: set[str] = strings) -> None:
            if isinstance(value, str):
                bag.add(value)
            elif isinstance(value, dict):
                for item in value.values():
                    collect(item, bag)
            elif isinstance(value, list):
                for item in value:
                    collect(item, bag)

        collect(found)
        assert title in strings, slug


XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
FEED_NAMESPACES = {"a": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
FEED_HTML = (
    "/rss/channel/item/description/text() | /rss/channel/item/content:encoded/text()"
    " | /a:feed/a:entry/a:content[@type='html']/text() | /a:feed/a:entry/a:summary[@type='html']/text()"
)


def assert_safe_html(fragment: str, where: object) -> None:
    """No script element, no event handler, no link with another scheme in an HTML fragment."""
    if not fragment.strip():
        return
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag != "script", where
        assert not any(name.lower().startswith("on") for name in element.attrib), (where, element.attrib)
        for name in URL_ATTRIBUTES:
            if element.get(name) is not None:
                assert browser_scheme(element.get(name)) in (None, "http", "https", "mailto"), where


def test_feeds_and_sitemaps_parse(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    out, _site, titles = builds["hostile"]
    documents = sorted(p for p in out.rglob("*.xml") if p.is_file())
    if installed("feeds") or installed("sitemap"):
        assert documents
    feed_titles: set[str] = set()
    for path in documents:
        tree = etree.fromstring(path.read_bytes(), XML_PARSER)
        if tree.tag in ("rss", "{http://www.w3.org/2005/Atom}feed"):
            import feedparser

            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, (path.relative_to(out), parsed.bozo_exception)
            # The HTML that feeds carry (escaped or in CDATA) is as safe as the pages.
            # (Read with lxml, not feedparser, which would clean it up on the way.)
            for fragment in tree.xpath(FEED_HTML, namespaces=FEED_NAMESPACES):
                assert_safe_html(fragment, path.relative_to(out))
            feed_titles.update(
                tree.xpath(
                    "/rss/channel/item/title/text() | /a:feed/a:entry/a:title/text()",
                    namespaces={"a": "http://www.w3.org/2005/Atom"},
                )
            )
    for path in sorted(out.rglob("*.json")):
        if path.name.startswith("."):
            continue
        document = json.loads(path.read_bytes())
        if isinstance(document, dict) and "items" in document:
            feed_titles.update(item.get("title", "") for item in document["items"])
            for item in document["items"]:
                for key in ("content_html",):  # "summary" is plain text in JSON Feed
                    if item.get(key):
                        assert_safe_html(item[key], path.relative_to(out))
    if installed("feeds"):
        assert set(titles.values()) <= feed_titles


def test_search_index_parses(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    out, _site, titles = builds["hostile"]
    index = out / "search-index.json"
    if not installed("html"):
        pytest.fail("the html plugin (which writes the search index) is not installed")
    data = json.loads(index.read_bytes())
    strings = json.dumps(data, ensure_ascii=False)
    for title in titles.values():
        assert json.dumps(title, ensure_ascii=False)[1:-1] in strings


def test_share_links_carry_the_title_encoded(builds: dict[str, tuple[Path, coachcontent.Site, dict[str, str]]]) -> None:
    import coachcontent_share

    _out, site, titles = builds["hostile"]
    for slug in titles:
        for link in coachcontent_share.share_links(site, site.post(slug)):
            assert browser_scheme(link.url) in ("https", "mailto")
            assert not re.search(r"[\s\"'<>]", link.url), link.url
