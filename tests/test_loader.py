"""Loading content folders: front matter in its many dialects, summaries, slugs, terms, menus."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

import coachcontent
from coachcontent import make_slug, make_summary, unique_slugs

from .conftest import SiteFolder


def test_demo_site_has_every_structure_of_the_reference_page(demo_site: coachcontent.Site) -> None:
    site = demo_site
    assert len(site.posts_newest_first()) >= 30
    assert len({site.local(p.date).year for p in site.posts}) >= 5
    assert site.menu("main").depth >= 3
    assert any(node.children and any(c.children for c in node.children) for node in site.term_tree("categories"))
    assert max(p.depth for p in site.pages) >= 2
    assert len(site.link_lists) >= 3
    assert any(p.canonical_url for p in site.posts)
    assert site.social and all(a.bio for a in site.authors)
    assert len(site.tag_cloud()) >= 20
    assert {w.weight for w in site.tag_cloud()} >= {1, 5}


def test_yaml_and_toml_front_matter_and_jekyll_names(folder: SiteFolder) -> None:
    folder.post("2021-03-04-jekyll-style.md", "title: Jekyll style")
    folder.write(
        "content/posts/toml.md",
        """
        +++
        title = "TOML post"
        date = 2022-05-06T07:08:09
        tags = ["x"]
        +++
        Body.
        """,
    )
    folder.post("explicit.md", 'title: "Explicit"\ndate: 2022-01-01T10:00:00+02:00\nslug: chosen-slug')
    site = folder.load()
    berlin = ZoneInfo("Europe/Berlin")
    jekyll = site.post("jekyll-style")
    assert jekyll.date == datetime(2021, 3, 4, tzinfo=berlin)
    toml = site.post("toml-post")
    assert toml.date == datetime(2022, 5, 6, 7, 8, 9, tzinfo=berlin)
    assert toml.tags == ("x",)
    explicit = site.post("chosen-slug")
    assert explicit.date.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert all(p.date.tzinfo is not None for p in site.posts)


def test_all_known_keys_and_extra(folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"
        [[authors]]
        slug = "ada"
        name = "Ada Example"
        [[authors]]
        slug = "bo"
        name = "Bo"
        [taxonomies.series]
        label = "Series"
        """,
    )
    folder.post(
        "full.md",
        """
        title: Full
        date: 2020-02-02
        lastmod: 2020-03-03
        authors: [ada, Bo]
        tags: "one, two"
        categories: ["Business Development/Sales"]
        series: First Steps
        description: A *short* description.
        canonical_url: https://elsewhere.example/original/
        image: {src: /img/a.png, alt: A picture, width: 1200, height: 630}
        aliases: [/old/full/]
        weight: 3
        sticky: true
        comment_count: 4
        id: tag:t.example,2020-02-02:full
        audio: {url: "https://t.example/a.mp3", length: 1234}
        related: [other]
        """,
    )
    site = folder.load()
    post = site.post("full")
    assert post.authors == ("ada", "bo")
    assert post.tags == ("one", "two")
    assert [site.term_path("categories", s) for s in post.categories] == ["business-development/sales"]
    assert site.term("categories", "business-development").name == "Business Development"
    assert post.terms_of("series") == ("first-steps",)
    assert post.summary == "<p>A <em>short</em> description.</p>"
    assert post.canonical_url == "https://elsewhere.example/original/"
    assert post.image is not None and (post.image.alt, post.image.width, post.image.height) == ("A picture", 1200, 630)
    assert post.aliases == ("/old/full/",)
    assert (post.weight, post.sticky, post.comment_count) == (3, True, 4)
    assert post.id == "tag:t.example,2020-02-02:full"
    assert post.updated is not None and post.updated.month == 3
    assert post.extra["audio"]["length"] == 1234
    assert post.extra["related"] == ("other",)
    assert post.source_path == "content/posts/full.md"


def test_drafts_published_false_and_future_posts(folder: SiteFolder) -> None:
    folder.post("a.md", "title: Draft\ndate: 2020-01-01\ndraft: true")
    folder.post("b.md", "title: Jekyll unpublished\ndate: 2020-01-02\npublished: false")
    folder.post("c.md", "title: Future\ndate: 2099-01-01")
    folder.post("d.md", "title: Live\ndate: 2020-01-03")
    site = folder.load()
    assert [p.slug for p in site.posts_newest_first()] == ["live"]
    assert [p.slug for p in site.posts_newest_first(drafts=True, future=True)] == [
        "future",
        "live",
        "jekyll-unpublished",
        "draft",
    ]


def test_single_author_is_the_default(folder: SiteFolder) -> None:
    folder.post("a.md", "title: A\ndate: 2020-01-01")
    assert folder.load().post("a").authors == ("ada",)


def test_summaries_explicit_more_and_first_words(folder: SiteFolder) -> None:
    folder.write("site.toml", "[site]\ntitle='T'\nurl='https://t.example'\nsummary_words=5\n")
    folder.post("a.md", "title: Explicit\ndate: 2020-01-01\nsummary: Given **here**.", "Long body.\n")
    folder.post("b.md", "title: More\ndate: 2020-01-02", "First *part*.\n\n<!--more-->\n\nRest.\n")
    folder.post("c.md", "title: Words\ndate: 2020-01-03", "One two **three four five six** seven.\n\nNext.\n")
    site = folder.load()
    assert site.post("explicit").summary == "<p>Given <strong>here</strong>.</p>"
    assert site.post("more").summary == "<p>First <em>part</em>.</p>"
    assert "Rest." in site.post("more").body
    assert site.post("words").summary == "<p>One two <strong>three four five…</strong></p>"


def test_summary_keeps_html_well_formed() -> None:
    html = "<div><p>alpha <a href='/x'>beta <b>gamma delta</b></a> epsilon</p><ul><li>zeta</li></ul></div>"
    summary = make_summary(html, 3)
    assert summary == '<div><p>alpha <a href="/x">beta <b>gamma…</b></a></p></div>'
    assert lxml.html.fragment_fromstring(summary, create_parent="div") is not None
    assert make_summary("<p>short</p>", 10) == "<p>short</p>"


def test_html_bodies_and_page_tree_from_folders(folder: SiteFolder) -> None:
    folder.page("about/index.md", "title: About us\nweight: 2")
    folder.page("about/contact.md", "title: Contact")
    folder.page("about/team/index.md", "title: Team")
    folder.page("about/team/ada.html", "title: Ada", "<p>Ada's <em>page</em></p>")
    folder.page("books.md", "title: Books\nweight: 1")
    folder.page("renamed.md", "title: Renamed\nslug: new-name")
    site = folder.load()
    assert sorted(p.path for p in site.pages) == [
        "about",
        "about/contact",
        "about/team",
        "about/team/ada",
        "books",
        "new-name",
    ]
    assert site.page("about/team/ada").body == "<p>Ada's <em>page</em></p>"
    assert [n.page.path for n in site.page_tree()] == ["new-name", "books", "about"]


def test_slugs_made_from_titles_are_unique_whatever_the_order(folder: SiteFolder) -> None:
    folder.post("z.md", "title: Let’s Connect!\ndate: 2020-01-01")
    folder.post("a.md", "title: Let’s Connect!\ndate: 2020-02-01")
    folder.post("m.md", "title: Let’s Connect!\ndate: 2020-03-01\nslug: lets-connect")
    site = folder.load()
    by_source = {p.source_path: p.slug for p in site.posts}
    assert by_source == {
        "content/posts/m.md": "lets-connect",
        "content/posts/z.md": "lets-connect-2",
        "content/posts/a.md": "lets-connect-3",
    }


def test_make_slug() -> None:
    assert make_slug("Let’s Connect!") == "lets-connect"
    assert make_slug("Café Conversations: Über-Busy Leaders") == "cafe-conversations-uber-busy-leaders"
    assert make_slug("Ærøskøbing & Łódź") == "aeroskobing-and-lodz"
    assert make_slug("???") == "untitled"


def test_unique_slugs_is_order_independent() -> None:
    items = [("b", "x", False), ("a", "x", False), ("c", "x", True), ("d", "y", False)]
    first, _ = unique_slugs(items)
    second, _ = unique_slugs(list(reversed(items)))
    assert first == second == {"c": "x", "a": "x-2", "b": "x-3", "d": "y"}


def test_a_one_off_term_close_to_a_declared_one_warns_with_its_line(folder: SiteFolder, caplog: object) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"
        [[taxonomies.categories.terms]]
        name = "Leadership"
        [[taxonomies.categories.terms]]
        name = "Sales"
        """,
    )
    folder.post("a.md", "title: A\ndate: 2020-01-01\ncategories: [Leadership]")
    folder.post("b.md", "title: B\ndate: 2020-01-02\ntags: [x]\ncategories: [Leadershp]")
    # New terms used by several posts, or not like any declared one, are a choice: no warning.
    folder.post("c.md", "title: C\ndate: 2020-01-03\ncategories: [Coaching]")
    folder.post("d.md", "title: D\ndate: 2020-01-04\ncategories: [Sailes, Coaching]")
    folder.post("e.md", "title: E\ndate: 2020-01-05\ncategories: [Sailes]")
    site = folder.load()
    assert site.post("b").categories == ("leadershp",)  # still loads: a new category may be meant
    warnings = [r.getMessage() for r in caplog.records if "did you mean" in r.getMessage()]  # type: ignore[attr-defined]
    assert warnings == [
        "content/posts/b.md:5: categories: 'Leadershp' is not declared in site.toml and no other post uses it; "
        "did you mean 'Leadership'?"
    ]


def test_categories_declared_and_used_by_name(folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"
        [[taxonomies.categories.terms]]
        name = "Business Development"
        description = "Growing a practice."
        [[taxonomies.categories.terms]]
        name = "Sales"
        parent = "Business Development"
        [[taxonomies.categories.terms]]
        name = "Other Sales"
        slug = "sales-other"
        """,
    )
    folder.post("a.md", "title: A\ndate: 2020-01-01\ncategories: [Sales]")
    folder.post("b.md", "title: B\ndate: 2020-01-02\ncategories: [business development/sales, New One/Child]")
    site = folder.load()
    assert site.post("a").categories == ("sales",)
    assert site.post("b").categories == ("sales", "child")
    assert site.term_path("categories", "child") == "new-one/child"
    assert site.term("categories", "business-development").description == "Growing a practice."
    assert site.term_count("categories", "business-development", descendants=True) == 2


def test_menus_resolve_pages_posts_terms_and_urls(folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"
        [menus.main]
        [[menus.main.items]]
        page = "about"
          [[menus.main.items.children]]
          page = "about/contact"
          weight = 1
            [[menus.main.items.children.children]]
            title = "Write"
            url = "mailto:hello@t.example"
          [[menus.main.items.children]]
          title = "Hello post"
          post = "hello"
        [[menus.main.items]]
        category = "Coaching/Teams"
        [[menus.main.items]]
        tag = "trust"
        [link_lists.blogroll]
        title = "Blogroll"
        [[link_lists.blogroll.links]]
        title = "Friend"
        url = "https://friend.example/"
        [[social]]
        network = "mastodon"
        url = "https://mastodon.example/@t"
        """,
    )
    folder.page("about/index.md", "title: About")
    folder.page("about/contact.md", "title: Contact me")
    folder.post("hello.md", "title: Hello\ndate: 2020-01-01\ncategories: [Coaching/Teams]\ntags: [Trust]")
    site = folder.load()
    menu = site.menu("main")
    assert [(i.title, site.nav_url(i)) for i in menu.items] == [
        ("About", "/about/"),
        ("Teams", "/category/coaching/teams/"),
        ("Trust", "/tag/trust/"),
    ]
    about = menu.items[0]
    assert [(c.title, site.nav_url(c)) for c in about.children] == [
        ("Hello post", "/2020/01/hello/"),
        ("Contact me", "/about/contact/"),
    ]
    assert about.children[1].children[0].url == "mailto:hello@t.example"
    assert menu.depth == 3
    assert site.link_list("blogroll").links[0].title == "Friend"
    assert site.social[0].network == "mastodon"


def test_unknown_plugin_section_is_a_warning_not_an_error(folder: SiteFolder, caplog: object) -> None:
    folder.write("site.toml", "[site]\ntitle='T'\nurl='https://t.example'\n[nobody]\nkey = 1\n")
    site = folder.load()
    assert site.title == "T"
    assert "[nobody]: no enabled plugin declares this section" in caplog.text  # type: ignore[attr-defined]


def test_loading_twice_gives_equal_content(folder: SiteFolder) -> None:
    for index in range(5):
        folder.post(f"p{index}.md", f"title: Same\ndate: 2020-01-0{index + 1}\ntags: [t{index % 2}]")
    first, second = folder.load(), folder.load()
    assert first.posts == second.posts
    assert first.taxonomies == second.taxonomies


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads resident memory from Linux's /proc")
def test_markdown_rendering_frees_what_cmark_allocates() -> None:
    # cmarkgfm's own function leaves cmark's document tree and HTML string allocated:
    # about 30 KB per call for this text, 60 MB for 2,000 calls. Ours frees both.
    text = "\n\n".join(
        f"## Part {n}\n\nSome *text* with a [link](https://example.com/{n}) and `code`." for n in range(60)
    )
    html = coachcontent.render_markdown(text)
    assert "<h2>Part 59</h2>" in html
    before = _resident_mb()
    for _ in range(2000):
        assert coachcontent.render_markdown(text) == html
    assert _resident_mb() - before < 15
