"""``coachcontent import wordpress``: real WordPress exports and small hand-written ones.

The real exports live in ``../shared/fixtures/wordpress/`` (beside the repository);
expectations about them are computed from the XML itself where possible, so the
tests say "the site matches the export", not "the site matches what we wrote down".
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

import coachcontent
from coachcontent.importers import ImportReport, import_wordpress, sanitize_html, wpautop

FIXTURES = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "wordpress"
VALID = sorted(p.name for p in FIXTURES.glob("*.xml") if p.name != "malformed.xml")
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
WP = "{http://wordpress.org/export/1.2/}"
THEME_WP = "{https://wordpress.org/export/1.2/}"


# -- helpers ------------------------------------------------------------------


def load(folder: Path) -> coachcontent.Site:
    return coachcontent.load_site(folder, selection=coachcontent.PluginSelection(enabled=[]), as_of=AS_OF)


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def item(
    post_id: int,
    title: str,
    *,
    content: str = "",
    excerpt: str = "",
    post_type: str = "post",
    name: str | None = None,
    status: str = "publish",
    parent: int = 0,
    order: int = 0,
    date_gmt: str = "2024-03-05 09:30:00",
    date: str | None = None,
    link: str | None = None,
    sticky: bool = False,
    password: str = "",
    extra: str = "",
) -> str:
    slug = name if name is not None else re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if link is None:
        link = f"https://coach.example/?p={post_id}"
    return f"""
    <item>
      <title>{cdata(title)}</title>
      <link>{link}</link>
      <pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
      <dc:creator>{cdata("maren")}</dc:creator>
      <guid isPermaLink="false">https://coach.example/?p={post_id}</guid>
      <description></description>
      <content:encoded>{cdata(content)}</content:encoded>
      <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{cdata(date or date_gmt)}</wp:post_date>
      <wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
      <wp:comment_status>open</wp:comment_status>
      <wp:post_name>{cdata(slug)}</wp:post_name>
      <wp:status>{status}</wp:status>
      <wp:post_parent>{parent}</wp:post_parent>
      <wp:menu_order>{order}</wp:menu_order>
      <wp:post_type>{post_type}</wp:post_type>
      <wp:post_password>{cdata(password)}</wp:post_password>
      <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
      {extra}
    </item>"""


def meta(key: str, value: str) -> str:
    return f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"


def menu_item(post_id: int, title: str, menu: str, *, kind: str, obj: str, object_id: int, url: str = "",
              parent: int = 0, order: int = 0) -> str:  # fmt: skip
    return item(
        post_id,
        title,
        post_type="nav_menu_item",
        name=str(post_id),
        order=order,
        extra=(
            f'<category domain="nav_menu" nicename="{menu}">{cdata(menu.title())}</category>'
            + meta("_menu_item_type", kind)
            + meta("_menu_item_object", obj)
            + meta("_menu_item_object_id", str(object_id))
            + meta("_menu_item_menu_item_parent", str(parent))
            + meta("_menu_item_url", url)
        ),
    )


def wxr(*items: str, channel: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Coaching Notes</title>
  <link>https://coach.example</link>
  <description>Notes on leading teams</description>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://coach.example</wp:base_site_url>
  <wp:base_blog_url>https://coach.example</wp:base_blog_url>
  <wp:author>
    <wp:author_login>{cdata("maren")}</wp:author_login>
    <wp:author_email>{cdata("maren@coach.example")}</wp:author_email>
    <wp:author_display_name>{cdata("Maren Vogt")}</wp:author_display_name>
  </wp:author>
  <wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>leadership</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name>{cdata("Leadership")}</wp:cat_name>
    <wp:category_description>{cdata("Leading people")}</wp:category_description></wp:category>
  <wp:category><wp:term_id>12</wp:term_id><wp:category_nicename>feedback</wp:category_nicename>
    <wp:category_parent>leadership</wp:category_parent><wp:cat_name>{cdata("Feedback")}</wp:cat_name></wp:category>
  <wp:tag><wp:term_id>21</wp:term_id><wp:tag_slug>trust</wp:tag_slug><wp:tag_name>{cdata("Trust")}</wp:tag_name></wp:tag>
  {channel}
  {"".join(items)}
</channel>
</rss>
"""


@pytest.fixture
def export(tmp_path: Path) -> Callable[..., Path]:
    def write(*items: str, channel: str = "", name: str = "export.xml") -> Path:
        path = tmp_path / name
        path.write_text(wxr(*items, channel=channel), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    target = tmp_path_factory.mktemp("theme") / "site"
    report = import_wordpress(FIXTURES / "theme-unit-test-data.xml", target)
    return target, report


@pytest.fixture(scope="module")
def theme_site(theme: tuple[Path, ImportReport]) -> coachcontent.Site:
    return load(theme[0])


@pytest.fixture(scope="module")
def theme_xml() -> etree._ElementTree:
    return etree.parse(str(FIXTURES / "theme-unit-test-data.xml"))


def theme_items(tree: etree._ElementTree, post_type: str) -> list[etree._Element]:
    return [i for i in tree.iter("item") if i.findtext(f"{THEME_WP}post_type") == post_type]


def theme_meta(element: etree._Element, key: str) -> str:
    for postmeta in element.iter(f"{THEME_WP}postmeta"):
        if postmeta.findtext(f"{THEME_WP}meta_key") == key:
            return postmeta.findtext(f"{THEME_WP}meta_value") or ""
    return ""


# -- every real export --------------------------------------------------------


def test_the_real_exports_are_present() -> None:
    # The fixtures are a checkout of ../shared beside the repository (CI has the same layout).
    assert len(VALID) == 8, f"expected the WordPress fixtures in {FIXTURES}"


@pytest.mark.parametrize("name", VALID)
def test_every_valid_export_imports_and_loads_without_errors(name: str, tmp_path: Path) -> None:
    report = import_wordpress(FIXTURES / name, tmp_path / "site")
    site = load(tmp_path / "site")
    assert len(site.posts) == report.posts
    assert len(site.pages) == report.pages
    tomllib.loads((tmp_path / "site" / "site.toml").read_text(encoding="utf-8"))
    attachments = json.loads((tmp_path / "site" / "content" / "attachments.json").read_text(encoding="utf-8"))
    assert len(attachments) == report.attachments


def test_theme_export_counts_match_the_export(
    theme: tuple[Path, ImportReport], theme_xml: etree._ElementTree, theme_site: coachcontent.Site
) -> None:
    _, report = theme
    assert report.posts == len(theme_items(theme_xml, "post")) == len(theme_site.posts) == 58
    assert report.pages == len(theme_items(theme_xml, "page")) == len(theme_site.pages) == 21
    assert report.attachments == len(theme_items(theme_xml, "attachment")) == 37
    assert report.menus == 6
    assert report.menu_items == len(theme_items(theme_xml, "nav_menu_item")) == 70
    assert report.skipped == 0


def test_theme_category_tree_matches_the_export(theme_xml: etree._ElementTree, theme_site: coachcontent.Site) -> None:
    declared = {
        c.findtext(f"{THEME_WP}category_nicename"): (
            c.findtext(f"{THEME_WP}cat_name"),
            c.findtext(f"{THEME_WP}category_parent") or None,
        )
        for c in theme_xml.iter(f"{THEME_WP}category")
    }
    terms = {term.slug: term for term in theme_site.taxonomy("categories").terms}
    assert len(terms) == len(declared) == 68
    for slug, (name, parent) in declared.items():
        assert terms[slug].name == name
        assert terms[slug].parent == parent
    paths = {node.path for node in _walk_terms(theme_site.term_tree("categories"))}
    assert "parent-category/child-category-03/grandchild-category" in paths


def _walk_terms(nodes: tuple[Any, ...]) -> list[Any]:
    found = []
    for node in nodes:
        found.append(node)
        found.extend(_walk_terms(node.children))
    return found


def test_theme_page_tree_matches_post_parent(theme_xml: etree._ElementTree, theme_site: coachcontent.Site) -> None:
    pages = {p.findtext(f"{THEME_WP}post_id"): p for p in theme_items(theme_xml, "page")}

    def title_path(post_id: str) -> tuple[str, ...]:
        page = pages[post_id]
        parent = page.findtext(f"{THEME_WP}post_parent") or "0"
        own = (page.findtext("title") or "",)
        return title_path(parent) + own if parent in pages else own

    expected = sorted(title_path(post_id) for post_id in pages)

    def site_titles(page: coachcontent.Page) -> tuple[str, ...]:
        return (*(p.title for p in theme_site.page_ancestors(page.path)), page.title)

    assert sorted(site_titles(page) for page in theme_site.pages) == expected
    assert theme_site.page("level-1/level-2/level-3").depth == 2
    weights = {p.title: p.weight for p in theme_site.pages}
    assert weights["About The Tests"] == int(pages["2"].findtext(f"{THEME_WP}menu_order") or 0)


def test_theme_menus_keep_nesting_and_order(theme_xml: etree._ElementTree, theme_site: coachcontent.Site) -> None:
    def order(element: etree._Element) -> int:
        return int(element.findtext(f"{THEME_WP}menu_order") or 0)

    def check(items: tuple[coachcontent.NavItem, ...], parent: str, xml_items: list[etree._Element]) -> None:
        kids = [i for i in xml_items if theme_meta(i, "_menu_item_menu_item_parent") == parent]
        assert [item.weight for item in items] == sorted(order(i) for i in kids)
        for item in items:
            match = next(i for i in kids if order(i) == item.weight)
            check(item.children, match.findtext(f"{THEME_WP}post_id") or "", xml_items)

    for menu in theme_site.menus:
        xml_items = [
            i
            for i in theme_items(theme_xml, "nav_menu_item")
            if any(c.get("nicename") == menu.name for c in i.iter("category"))
        ]
        assert len(list(menu.walk())) == len(xml_items), menu.name
        check(menu.items, "0", xml_items)
    testing = theme_site.menu("testing-menu")
    assert testing.depth == 11  # "Depth" → "Level 01" … "Level 10"
    pages_item = next(item for item in testing.items if item.title == "Pages")
    assert [child.page for child in pages_item.children] == [
        "about/page-image-alignment",
        "about/page-markup-and-formatting",
    ]
    categories = next(item for item in testing.items if item.title == "Categories")
    assert all(child.term is not None and child.term.taxonomy == "categories" for child in categories.children)
    social = theme_site.menu("social-menu")
    assert social.items[0].url == "https://twitter.com/wordpress"
    assert theme_site.menu("empty-menu").items == ()


def test_theme_sticky_password_draft_future_and_odd_titles(
    theme: tuple[Path, ImportReport], theme_site: coachcontent.Site
) -> None:
    folder, report = theme
    assert [p.slug for p in theme_site.posts if p.sticky] == ["template-sticky"]
    protected = theme_site.post("template-password-protected")
    assert protected.draft
    assert protected.extra["wordpress"]["password_protected"] is True
    front, _ = front_matter(folder / "content" / "posts" / "template-password-protected.html")
    assert "post_password" not in json.dumps(front, default=str)
    assert theme_site.post("draft").draft
    scheduled = theme_site.post("scheduled")
    assert scheduled.extra["status"] == "future" and not scheduled.draft
    assert scheduled.date > AS_OF
    assert scheduled not in theme_site.posts_newest_first()
    titles = {p.slug: p.title for p in theme_site.posts}
    assert titles["markup-title-with-markup"] == "Markup: Title With Markup"
    assert titles["title-with-special-characters"] == (
        "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    )
    assert "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu" in titles.values()
    assert titles["edge-case-no-title"] == "Untitled"
    assert any("Untitled" in w.message for w in report.warnings)


def test_theme_aliases_keep_old_urls(theme_site: coachcontent.Site) -> None:
    post = theme_site.post("template-sticky")
    assert "/2012/01/07/template-sticky/" in post.aliases
    assert "/?p=1241" in post.aliases
    about = theme_site.page("about")
    assert "/?page_id=2" in about.aliases and "/about/" not in about.aliases  # its own URL is no alias
    greek = theme_site.page("greek/epipedo-2")
    assert "/greek/επίπεδο-2/" in greek.aliases


def test_theme_comments_are_data(theme: tuple[Path, ImportReport], theme_site: coachcontent.Site) -> None:
    folder, report = theme
    post = theme_site.post("template-comments")
    comments = json.loads((folder / "content" / "comments" / "template-comments.json").read_text(encoding="utf-8"))
    assert post.comment_count == len(comments) > 5
    assert [c["date"] for c in comments] == sorted(c["date"] for c in comments)
    ids = {c["id"] for c in comments}
    assert all(c["parent"] is None or c["parent"] in ids for c in comments)
    assert any(c["parent"] is not None for c in comments)
    text = json.dumps(comments)
    assert "@example.com" not in text and "author_email" not in text and "IP" not in text
    assert all(c["url"] is None or c["url"].startswith(("http://", "https://")) for c in comments)
    files = sorted((folder / "content" / "comments").rglob("*.json"))
    assert report.comments == sum(len(json.loads(f.read_text(encoding="utf-8"))) for f in files)
    page_front, _ = front_matter(folder / "content" / "pages" / "about" / "page-with-comments.html")
    page_comments = folder / "content" / "comments" / "pages" / "about" / "page-with-comments.json"
    assert page_front["comment_count"] == len(json.loads(page_comments.read_text(encoding="utf-8"))) > 0


def test_theme_builds(theme_site: coachcontent.Site, tmp_path: Path) -> None:
    result = coachcontent.build_site(theme_site, tmp_path / "out", selection=coachcontent.PluginSelection(enabled=[]))
    assert result.outputs > 0
    assert (tmp_path / "out" / "2012" / "01" / "07" / "template-sticky" / "index.html").is_file()  # redirect


def test_theme_featured_image_gallery_and_caption(theme: tuple[Path, ImportReport]) -> None:
    folder, _ = theme
    front, _ = front_matter(folder / "content" / "posts" / "template-featured-image-horizontal.html")
    assert front["image"].startswith("https://wpthemetestdata.files.wordpress.com/")
    _, body = front_matter(folder / "content" / "posts" / "post-format-gallery.html")
    assert '<div class="gallery gallery-columns-' in body
    assert body.count('<figure class="gallery-item">') >= 10
    assert "[gallery" not in body
    _, body = front_matter(folder / "content" / "posts" / "markup-image-alignment.html")
    assert '<figure class="wp-caption aligncenter"><img' in body and "<figcaption>" in body
    assert "[caption" not in body


def test_determinism_two_imports_are_byte_identical(tmp_path: Path) -> None:
    first = import_wordpress(FIXTURES / "theme-unit-test-data.xml", tmp_path / "a")
    second = import_wordpress(FIXTURES / "theme-unit-test-data.xml", tmp_path / "b")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert first.warnings == second.warnings


def test_utf8_export_keeps_every_character(tmp_path: Path) -> None:
    source = FIXTURES / "wxr-utf-8-challenges.xml"
    tree = etree.parse(str(source))
    xml_item = next(tree.iter("item"))
    import_wordpress(source, tmp_path / "site")
    site = load(tmp_path / "site")
    post = site.posts[0]
    assert post.title == xml_item.findtext("title")
    channel = tree.getroot().find("channel")
    assert channel is not None
    assert site.title == channel.findtext("title")
    assert site.authors[0].name == tree.findtext(f".//{WP}author_display_name")
    category = xml_item.find("category")
    assert category is not None and category.text is not None
    assert site.taxonomy("categories").terms[0].name == category.text
    excerpt = xml_item.findtext("{http://wordpress.org/export/1.2/excerpt/}encoded") or ""
    assert excerpt.strip() in post.summary
    for fragment in ("𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄", "السلام عليكم وﷲ", "T̷̢̯̭̈w̴̰̜̾o̷͉̅", "\u202eas\u202c"):
        assert fragment in post.body
    assert post.extra["wordpress"]["guid"] == xml_item.findtext("guid")


def test_crazy_cdata_is_read_like_wordpress_reads_it(tmp_path: Path) -> None:
    import_wordpress(FIXTURES / "crazy-cdata.xml", tmp_path / "site")
    post = load(tmp_path / "site").posts[0]
    # The text is read whole; in HTML "<![CDATA[ tags ]]>" is a bogus comment, hidden by browsers too.
    assert post.body == "<p>Content with nested  :)</p>"
    assert post.extra["wordpress"]["meta"] == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
    }


def test_wxr_1_0_tags_and_category_parents(tmp_path: Path) -> None:
    import_wordpress(FIXTURES / "valid-wxr-1.0.xml", tmp_path / "site")
    site = load(tmp_path / "site")
    assert site.term("categories", "child").parent == "parent"
    assert {t.slug for t in site.taxonomy("tags").terms} >= {"chicken", "face", "news", "roar"}
    assert any(post.tags for post in site.posts)


def test_term_formats_custom_taxonomy_and_menu(tmp_path: Path) -> None:
    report = import_wordpress(FIXTURES / "term-formats.xml", tmp_path / "site")
    document = tomllib.loads((tmp_path / "site" / "site.toml").read_text(encoding="utf-8"))
    custom = document["taxonomies"]["custom-taxonomy"]
    assert custom["hierarchical"] is False
    assert custom["terms"] == [{"name": "Custom Taxonomy Item", "slug": "custom-taxonomy-item"}]
    assert [t["name"] for t in document["taxonomies"]["tags"]["terms"]] == ["A Random Color", "A Tag!", "Another Tag"]
    assert document["menus"]["menu"]["title"] == "Menu"
    assert report.terms == 1
    load(tmp_path / "site")


# -- failures: nothing is written ----------------------------------------------


def test_malformed_export_fails_with_line_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(FIXTURES / "malformed.xml", tmp_path / "site")
    (error,) = info.value.errors
    assert error.line == 90
    assert error.field == "xml"
    assert "tag mismatch" in error.message
    assert error.path.endswith("malformed.xml")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_is_untouched_without_force(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(FIXTURES / "wxr-simple.xml", target)
    assert "--force" in str(info.value)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left

    import_wordpress(FIXTURES / "wxr-simple.xml", target, force=True)
    assert not (target / "notes.txt").exists()
    assert (target / "site.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_force_keeps_the_old_folder_when_the_export_is_malformed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "site.toml").write_text("old", encoding="utf-8")
    with pytest.raises(coachcontent.ContentErrors):
        import_wordpress(FIXTURES / "malformed.xml", target, force=True)
    assert (target / "site.toml").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_external_entities_and_entity_bombs_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    hostile = wxr(
        item(1, "Harmless title", content="&xxe; &lol9; &remote;"),
    ).replace(
        "<rss",
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY lol0 "lol">{laughs}'
        '<!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">]>\n<rss',
        1,
    )
    # The entities are referenced from markup too, not only from CDATA.
    hostile = hostile.replace("<title>Coaching Notes</title>", "<title>&xxe;&lol9;</title>")
    path = tmp_path / "hostile.xml"
    path.write_text(hostile, encoding="utf-8")
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(path, tmp_path / "site")
    (error,) = info.value.errors
    assert error.field == "DOCTYPE"
    assert error.line == 2
    assert not (tmp_path / "site").exists()
    assert "TOP-SECRET-VALUE" not in str(info.value)


def test_undeclared_entity_without_doctype_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "entity.xml"
    path.write_text(wxr().replace("<title>Coaching Notes</title>", "<title>&secret;</title>"), encoding="utf-8")
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(path, tmp_path / "site")
    assert info.value.errors[0].field == "xml"
    assert not (tmp_path / "site").exists()


def test_size_limit(tmp_path: Path) -> None:
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(FIXTURES / "wxr-simple.xml", tmp_path / "site", max_size=1000)
    assert info.value.errors[0].field == "size"
    assert not (tmp_path / "site").exists()


def test_not_a_wordpress_export(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title></channel></rss>\n')
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(path, tmp_path / "site")
    assert info.value.errors[0].field == "wp:wxr_version"
    path.write_text('<?xml version="1.0"?>\n<feed/>\n')
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(path, tmp_path / "site")
    assert (info.value.errors[0].line, info.value.errors[0].field) == (2, "rss")


# -- content conversion ---------------------------------------------------------


def test_classic_content_gets_wordpress_paragraphs(export: Callable[..., Path], tmp_path: Path) -> None:
    content = "Trust grows in small steps.\nEvery week, not every year.\n\nSecond thought.\n<ul>\n<li>One</li>\n</ul>"
    import_wordpress(export(item(5, "Small steps", content=content)), tmp_path / "site")
    post = load(tmp_path / "site").post("small-steps")
    assert post.body == (
        "<p>Trust grows in small steps.<br>\nEvery week, not every year.</p>\n<p>Second thought.</p>\n"
        "<ul>\n<li>One</li>\n</ul>"
    )


def test_block_editor_comments_are_stripped_without_autop(export: Callable[..., Path], tmp_path: Path) -> None:
    content = (
        "<!-- wp:paragraph -->\n<p>Listen first.\nThen ask.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image"><img src="https://coach.example/a.jpg" alt="A"/>'
        "</figure>\n<!-- /wp:image -->\n\n<!-- wp:latest-posts /-->"
    )
    report = import_wordpress(export(item(6, "Listen", content=content)), tmp_path / "site")
    _, body = front_matter(tmp_path / "site" / "content" / "posts" / "listen.html")
    assert "wp:" not in body
    assert "<p>Listen first.\nThen ask.</p>" in body  # no <br>: WordPress skips wpautop for blocks
    assert '<img src="https://coach.example/a.jpg" alt="A">' in body
    assert any("wp:latest-posts" in w.message for w in report.warnings)


def test_caption_and_gallery_shortcodes_become_figures(export: Callable[..., Path], tmp_path: Path) -> None:
    attachments = "".join(
        item(
            100 + n,
            f"Workshop {n}",
            post_type="attachment",
            status="inherit",
            parent=7,
            order=n,
            excerpt=f"Day {n} of the workshop",
            extra=f"<wp:attachment_url>https://coach.example/uploads/workshop-{n}.jpg</wp:attachment_url>"
            + meta("_wp_attachment_image_alt", f"Flipchart {n}"),
        )
        for n in (2, 1)
    )
    content = (
        '[caption id="attachment_101" align="alignright" width="300"]<a href="https://coach.example/uploads/x.jpg">'
        '<img src="https://coach.example/uploads/x.jpg" alt="Team" width="300" height="200" /></a> The team at work'
        '[/caption]\n\n[gallery ids="102,101" columns="2"]\n\n[gallery]\n\n[[gallery]]'
    )
    import_wordpress(export(item(7, "Offsite", content=content), attachments), tmp_path / "site")
    body = load(tmp_path / "site").post("offsite").body
    assert body.startswith(
        '<figure class="wp-caption alignright"><a href="https://coach.example/uploads/x.jpg">'
        '<img src="https://coach.example/uploads/x.jpg" alt="Team" width="300" height="200"></a>'
        "<figcaption>The team at work</figcaption></figure>"
    )
    galleries = re.findall(r'<div class="gallery gallery-columns-(\d)">(.*?)</div>', body)
    assert [columns for columns, _ in galleries] == ["2", "3"]
    ids_order = re.findall(r"workshop-(\d)\.jpg\"><img", galleries[0][1])
    assert ids_order == ["2", "1"]  # as listed in ids
    assert re.findall(r"workshop-(\d)\.jpg\"><img", galleries[1][1]) == ["1", "2"]  # menu order
    assert "<figcaption>Day 1 of the workshop</figcaption>" in galleries[1][1]
    assert 'alt="Flipchart 1"' in body
    assert "<p>[gallery]</p>" in body  # the escaped one stays text
    attachments_json = json.loads((tmp_path / "site" / "content" / "attachments.json").read_text(encoding="utf-8"))
    assert [(a["id"], a["url"], a["entry"]) for a in attachments_json] == [
        (101, "https://coach.example/uploads/workshop-1.jpg", "post:offsite"),
        (102, "https://coach.example/uploads/workshop-2.jpg", "post:offsite"),
    ]


def test_unknown_shortcodes_stay_visible_with_a_warning(export: Callable[..., Path], tmp_path: Path) -> None:
    content = 'Watch this: [embed]https://video.example/talk[/embed]\n\n[contact-form id="3"]'
    report = import_wordpress(export(item(8, "Talk", content=content)), tmp_path / "site")
    body = load(tmp_path / "site").post("talk").body
    assert "[embed]https://video.example/talk[/embed]" in body
    assert '[contact-form id="3"]' in body
    messages = [(w.subject, w.message) for w in report.warnings]
    assert ("post:talk", "shortcode [embed] is not supported; it was left as text") in messages
    assert ("post:talk", "shortcode [contact-form] is not supported; it was left as text") in messages


def test_scripts_and_unsafe_links_are_removed(export: Callable[..., Path], tmp_path: Path) -> None:
    content = (
        "<p>Hello<script>alert('x')</script></p>\n"
        '<img src="https://coach.example/a.png" onerror="alert(1)">\n'
        '<a href="javascript:alert(1)">bad</a> <a href=" //cdn.example/x.pdf">pdf</a> '
        '<a href="notes.html">notes</a> <a href="#top">top</a>\n'
        '<iframe src="https://evil.example/"></iframe><style>p{color:red}</style>'
    )
    report = import_wordpress(
        export(item(9, "Safety", content=content, link="https://coach.example/2024/03/safety/")), tmp_path / "site"
    )
    body = load(tmp_path / "site").post("safety").body
    for gone in ("<script", "alert", "onerror", "javascript", "<iframe", "<style", "color:red"):
        assert gone not in body
    assert '<a href="https://cdn.example/x.pdf">pdf</a>' in body
    assert '<a href="https://coach.example/2024/03/safety/notes.html">notes</a>' in body
    assert '<a href="#top">top</a>' in body
    assert any("removed unsafe" in w.message and "<script>" in w.message for w in report.warnings)


def test_more_marker_survives_for_summaries(export: Callable[..., Path], tmp_path: Path) -> None:
    content = "Before the fold.\n\n<!--more-->\n\nAfter the fold."
    import_wordpress(export(item(10, "Fold", content=content)), tmp_path / "site")
    _, body = front_matter(tmp_path / "site" / "content" / "posts" / "fold.html")
    assert "<p>Before the fold.</p>\n<!--more-->\n<p>After the fold.</p>" in body
    post = load(tmp_path / "site").post("fold")
    assert post.summary == "<p>Before the fold.</p>"


# -- structure: pages, menus, statuses, dates --------------------------------------


def test_page_tree_from_post_parent(export: Callable[..., Path], tmp_path: Path) -> None:
    pages = (
        item(30, "Coaching", post_type="page", order=2, link="https://coach.example/coaching/")
        + item(31, "For Teams", post_type="page", parent=30, name="teams")
        + item(32, "Offsites", post_type="page", parent=31)
        + item(33, "About", post_type="page", order=1)
        + item(34, "Orphan", post_type="page", parent=999)
    )
    report = import_wordpress(export(pages), tmp_path / "site")
    root = tmp_path / "site" / "content" / "pages"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")) == [
        "about.html",
        "coaching/index.html",
        "coaching/teams/index.html",
        "coaching/teams/offsites.html",
        "orphan.html",
    ]
    site = load(tmp_path / "site")
    assert site.page("coaching/teams/offsites").parent == "coaching/teams"
    assert [(p.slug, p.weight) for p in site.page_children()] == [("orphan", 0), ("about", 1), ("coaching", 2)]
    assert site.page("coaching").aliases == ("/?p=30", "/?page_id=30")
    assert any(w.subject == "item 34" and "999" in w.message for w in report.warnings)


def test_menu_nesting_targets_and_unsafe_items(export: Callable[..., Path], tmp_path: Path) -> None:
    content = (
        item(40, "Services", post_type="page")
        + item(41, "Workshops", post_type="page", parent=40)
        + item(42, "First post", content="Hi")
        + menu_item(50, "", "main", kind="post_type", obj="page", object_id=40, order=1)
        + menu_item(51, "", "main", kind="post_type", obj="page", object_id=41, parent=50, order=2)
        + menu_item(52, "Start here", "main", kind="post_type", obj="post", object_id=42, order=3)
        + menu_item(53, "", "main", kind="taxonomy", obj="category", object_id=12, order=4)
        + menu_item(54, "Trust", "main", kind="taxonomy", obj="post_tag", object_id=21, order=5)
        + menu_item(55, "Bad", "main", kind="custom", obj="custom", object_id=55, url="javascript:alert(1)", order=6)
        + menu_item(
            56,
            "Under bad",
            "main",
            kind="custom",
            obj="custom",
            object_id=56,
            parent=55,
            order=7,
            url="https://elsewhere.example/",
        )
        + menu_item(
            57,
            "Contact",
            "main",
            kind="custom",
            obj="custom",
            object_id=57,
            order=8,
            url="https://coach.example/contact/#form",
        )
        + menu_item(58, "Gone", "main", kind="post_type", obj="page", object_id=999, order=9)
    )
    channel = (
        "<wp:term><wp:term_id>90</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
        f"<wp:term_slug>main</wp:term_slug><wp:term_name>{cdata('Main Menu')}</wp:term_name></wp:term>"
    )
    report = import_wordpress(export(content, channel=channel), tmp_path / "site")
    menu = load(tmp_path / "site").menu("main")
    assert menu.title == "Main Menu"
    shape = [
        (i.title, i.page or i.post or (i.term and str(i.term)) or i.url, [(c.title, c.page) for c in i.children])
        for i in menu.items
    ]
    assert shape == [
        ("Services", "services", [("Workshops", "services/workshops")]),
        ("Start here", "first-post", []),
        ("Feedback", "categories:feedback", []),
        ("Trust", "tags:trust", []),
        ("Under bad", "https://elsewhere.example/", []),  # moved up when its parent was dropped
        ("Contact", "/contact/#form", []),
    ]
    messages = " | ".join(w.message for w in report.warnings if w.subject == "menu:main")
    assert "javascript" in messages and "999" in messages
    document = tomllib.loads((tmp_path / "site" / "site.toml").read_text(encoding="utf-8"))
    assert document["menus"]["main"]["items"][2]["category"] == "Leadership/Feedback"


def test_statuses_sticky_and_dates(export: Callable[..., Path], tmp_path: Path) -> None:
    content = (
        item(60, "Published", sticky=True)
        + item(61, "Drafted", status="draft", date_gmt="0000-00-00 00:00:00", date="2024-04-01 10:00:00")
        + item(62, "Private note", status="private")
        + item(63, "Coming soon", status="future", date_gmt="2031-01-02 08:00:00")
        + item(64, "Locked", password="hunter2")
        + item(65, "Binned", status="trash")
    )
    report = import_wordpress(export(content), tmp_path / "site", timezone="Europe/Berlin")
    folder = tmp_path / "site" / "content" / "posts"
    fronts = {p.stem: front_matter(p)[0] for p in folder.glob("*.html")}
    assert sorted(fronts) == ["coming-soon", "drafted", "locked", "private-note", "published"]
    assert fronts["published"]["sticky"] is True
    assert fronts["published"]["date"] == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert fronts["published"]["date"].utcoffset().total_seconds() == 3600
    assert fronts["published"]["id"] == "tag:coach.example,2024-03-05:wp-60"
    assert fronts["drafted"]["draft"] is True
    assert fronts["drafted"]["date"].isoformat() == "2024-04-01T10:00:00+02:00"  # post_date, Berlin time
    assert fronts["private-note"]["draft"] is True and fronts["private-note"]["status"] == "private"
    assert fronts["coming-soon"]["status"] == "future" and "draft" not in fronts["coming-soon"]
    assert fronts["locked"]["draft"] is True
    assert "hunter2" not in "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.html"))
    assert report.skipped == 1
    assert 'timezone = "Europe/Berlin"' in (tmp_path / "site" / "site.toml").read_text(encoding="utf-8")
    load(tmp_path / "site")


def test_category_names_with_a_slash(export: Callable[..., Path], tmp_path: Path) -> None:
    channel = (
        "<wp:category><wp:term_id>13</wp:term_id><wp:category_nicename>hr-people</wp:category_nicename>"
        f"<wp:category_parent>leadership</wp:category_parent><wp:cat_name>{cdata('HR/People')}</wp:cat_name>"
        "</wp:category>"
    )
    post = item(70, "Hiring", extra=f'<category domain="category" nicename="hr-people">{cdata("HR/People")}</category>')
    report = import_wordpress(export(post, channel=channel), tmp_path / "site")
    front, _ = front_matter(tmp_path / "site" / "content" / "posts" / "hiring.html")
    assert front["categories"] == ["Leadership/HR\u2215People"]
    assert load(tmp_path / "site").post("hiring").categories == ("hr-people",)
    assert any("U+2215" in w.message for w in report.warnings)


def test_comments_file_has_approved_comments_only(export: Callable[..., Path], tmp_path: Path) -> None:
    def comment(number: int, approved: str, parent: int = 0, url: str = "") -> str:
        return (
            f"<wp:comment><wp:comment_id>{number}</wp:comment_id><wp:comment_author>{cdata(f'Reader {number}')}"
            f"</wp:comment_author><wp:comment_author_email>r{number}@mail.example</wp:comment_author_email>"
            f"<wp:comment_author_url>{url}</wp:comment_author_url><wp:comment_author_IP>10.0.0.{number}"
            f"</wp:comment_author_IP><wp:comment_date>2024-03-0{number} 12:00:00</wp:comment_date>"
            f"<wp:comment_date_gmt>2024-03-0{number} 11:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(f'Thought {number}<script>x()</script>')}</wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type></wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        )

    comments = comment(3, "1", url="javascript:alert(1)") + comment(2, "1", parent=3) + comment(1, "spam")
    comments += comment(4, "1", url="https://reader.example/")
    import_wordpress(export(item(80, "Discussed", extra=comments)), tmp_path / "site")
    data = json.loads((tmp_path / "site" / "content" / "comments" / "discussed.json").read_text(encoding="utf-8"))
    assert data == [
        {"author": "Reader 2", "content": "<p>Thought 2</p>", "date": "2024-03-02T11:00:00+00:00", "id": 2,
         "parent": 3, "type": "comment", "url": None},
        {"author": "Reader 3", "content": "<p>Thought 3</p>", "date": "2024-03-03T11:00:00+00:00", "id": 3,
         "parent": None, "type": "comment", "url": None},
        {"author": "Reader 4", "content": "<p>Thought 4</p>", "date": "2024-03-04T11:00:00+00:00", "id": 4,
         "parent": None, "type": "comment", "url": "https://reader.example/"},
    ]  # fmt: skip
    assert load(tmp_path / "site").post("discussed").comment_count == 3


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    report = import_wordpress(FIXTURES / "small-export.xml", tmp_path / "site", dry_run=True)
    assert report.dry_run and report.posts == 6 and report.pages == 5
    assert not (tmp_path / "site").exists()
    assert report.lines()[0].startswith("Would import")


# -- the command line ---------------------------------------------------------------


def test_cli_imports_and_reports(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, out, err = cli("import", "wordpress", str(FIXTURES / "theme-unit-test-data.xml"), "-o", str(tmp_path / "s"))
    assert code == 0, err
    assert "posts:       58" in out and "menus:       6 (70 items)" in out
    assert re.search(r"theme-unit-test-data\.xml:\d+: warning: post:edge-case-no-title: ", err)
    code, out, err = cli("import", "wordpress", str(FIXTURES / "wxr-simple.xml"), "-o", str(tmp_path / "s"))
    assert code == 1 and "--force" in err


def test_cli_errors_and_usage(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, _, err = cli("import", "wordpress", str(FIXTURES / "malformed.xml"), "-o", str(tmp_path / "s"))
    assert code == 1
    assert re.search(r"malformed\.xml:90: xml: not well-formed XML: Opening and ending tag mismatch", err)
    assert not (tmp_path / "s").exists()
    code, _, err = cli("import", "wordpress", str(FIXTURES / "wxr-simple.xml"))
    assert code == 2 and "--output" in err
    code, _, err = cli("import", "wordpress", str(FIXTURES / "wxr-simple.xml"), "-o", str(tmp_path / "s"),
                       "--timezone", "Mars/Olympus")  # fmt: skip
    assert code == 2 and "Mars/Olympus" in err
    code, out, _ = cli("import", "wordpress", str(FIXTURES / "wxr-simple.xml"), "--dry-run")
    assert code == 0 and out.startswith("Would import")


# -- the content helpers on their own -------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One\n\nTwo", "<p>One</p>\n<p>Two</p>\n"),
        ("Line\nbreak", "<p>Line<br />\nbreak</p>\n"),
        ("<div>In a block</div>\nAfter", "<div>In a block</div>\n<p>After</p>\n"),
        ("<pre>keep\n\nas is</pre>", "<pre>keep\n\nas is</pre>\n"),
        ("<blockquote>Quote\n\nMore</blockquote>", "<blockquote><p>Quote</p>\n<p>More</p></blockquote>\n"),
        ('<a href="x"\ntitle="y">link</a>', '<p><a href="x"\ntitle="y">link</a></p>\n'),
        ("Hello\u00a0\nthere", "<p>Hello\u00a0<br />\nthere</p>\n"),
        ("   \n\t", ""),
    ],
)
def test_wpautop_follows_wordpress(source: str, expected: str) -> None:
    assert wpautop(source) == expected


def test_sanitize_html_policy() -> None:
    notes: list[str] = []
    cleaned = sanitize_html(
        '<p class="x" style="color:red">Hi <b>there</b><svg><script>1</script></svg>'
        '<a href="mailto:me@coach.example" rel="nofollow evil" target="_blank">mail</a>'
        '<img src="data:image/png;base64,AAAA" alt="d"></p>',
        warn=notes.append,
    )
    assert cleaned == '<p>Hi <b>there</b><a href="mailto:me@coach.example" rel="nofollow">mail</a><img alt="d"></p>'
    assert notes and "<svg>" in notes[0]


def test_a_namespace_uri_with_a_brace_is_a_content_error(tmp_path: Path) -> None:
    # A damaged export had "}ttp://purl.org/..." as a namespace: its elements' names then
    # hold a "}" that lxml's QName refuses.  The import reports the bad URI by line and
    # writes nothing; it does not crash on the names.
    export = (FIXTURES / "wxr-simple.xml").read_text(encoding="utf-8")
    content_ns = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    assert content_ns in export
    damaged = tmp_path / "damaged.xml"
    damaged.write_text(export.replace(content_ns, 'xmlns:content="}ttp://purl.org/rss/1.0/modules/content/"'))
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(damaged, tmp_path / "site")
    (error,) = info.value.errors
    assert error.path.endswith("damaged.xml")
    assert error.line == export[: export.index(content_ns)].count("\n") + 1
    assert "is not a valid URI" in error.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.xml"]
