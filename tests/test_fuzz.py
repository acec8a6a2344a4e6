"""Fuzzing (Hypothesis): the front-matter reader, the content loader and the WordPress importer.

Inputs start from small valid documents and are mutated: tokens that mean
something to YAML, TOML, Markdown, HTML or XML are inserted, lines are
duplicated, swapped and cut, characters replaced by any code point, bytes
flipped.  Whatever comes in, the only exceptions allowed out are our own
error types with a message (``FrontMatterError``, ``ContentErrors``); any
other exception is a crash, and a failing test.

The budget is set by ``FUZZ_EXAMPLES`` (examples per target, default 1000,
about 20 seconds of CPU for the module); set it higher for a long
local run, e.g. ``FUZZ_EXAMPLES=5000``.  Crashes found so far are kept as
regression cases at the end of this file and in ``tests/bad_inputs/``.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coachcontent
from coachcontent.content.frontmatter import FrontMatterError, parse_document

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
AS_OF = datetime(2030, 1, 1, tzinfo=UTC)
NO_PLUGINS = coachcontent.PluginSelection(enabled=[])

SEEDS = [
    """---
title: Listening at the start of a coaching engagement
date: 2021-04-12 09:30
updated: 2021-05-01T10:00:00+02:00
slug: listening-first
author: ines
tags: [listening, questions]
categories:
  - Leadership/Conversations
summary: The first *three* sessions decide more than the next ten.
image: {src: /images/a.png, alt: "A notebook", width: 640, height: 480}
aliases: [/old/listening/]
draft: false
weight: 3
extra_key: {nested: [1, 2.5, true, null]}
---
Most engagements **stall** because nobody agreed what [success](/about/) looks like.

<!--more-->

| week | topic |
| ---- | ----- |
| 1    | goals |
""",
    """+++
title = "Pricing coaching without apologising"
date = 2022-02-01T08:00:00Z
tags = ["pricing", "sales"]
categories = ["Business/Sales"]
canonical_url = "https://elsewhere.example/pricing"
[image]
src = "/images/b.png"
alt = "Coins"
+++
Say the fee, then stop talking.

<p>Raw <em>HTML</em> is fine: <a href="mailto:ines@harbour.example">mail</a>.</p>
""",
    """---
title: About
weight: 1
---
We coach leaders through change.
""",
]

TOKENS = [
    "---", "+++", "\n", "\r\n", ": ", "- ", "  ", "\t", "[", "]", "{", "}", ",", '"', "'", "#", "&a", "*a", "&a [*a]",
    "!!int", "!!float", "!!binary", "!!timestamp", "!!set", "!!omap", "!!python/object:os.system", "!!str", "? ",
    "<<: *a", "|", ">", "%YAML 1.1", "...", "~", "null", "yes", "no", ".inf", ".nan", "0x1F", "0o17", "1e400",
    "99999999999999999999999999", "2023-02-30", "0000-01-01", "9999-12-31T23:59:59-12:00", "24:00", "2021-04-12",
    "title:", "date:", "slug:", "tags:", "categories:", "aliases:", "image:", "summary:", "draft:", "weight:",
    "author:", "authors:", "canonical_url:", "comment_count:", "id:", "published:", "sticky:", "updated:",
    '"""', "'''", "[table]", "[[array]]", "= ", "\\u0000", "\\x07", "\\e", "\\ud800", "\\U0010FFFF",
    "<!--more-->", "<!-- more -->", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">', "[x](javascript:alert(1))", "](", "javascript&colon;", "&#0;", "&#x6a;",
    "<![CDATA[", "]]>", "<li></li>", "<p>", "</p>", "<table>", "`", "```", "*", "_", "~~", "|",
    "\ufeff", "\u200f", "\u202e", "\u2028", "\u0085", "\x00", "\x07", "\x1b", "\x7f", "\ud7ff", "\uffff", "🧭",
    "../", "/", "\\", "C:\\", "%00", "%2e%2e", "../../etc/passwd", "//evil.example/",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str], tokens: list[str]) -> str:
    """A seed with a few random edits: token insertions, deletions, line shuffles, odd code points."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        edit = draw(st.integers(min_value=0, max_value=5))
        position = draw(st.integers(min_value=0, max_value=len(text)))
        if edit == 0:
            text = text[:position] + draw(st.sampled_from(tokens)) + text[position:]
        elif edit == 1:
            end = draw(st.integers(min_value=position, max_value=min(len(text), position + 40)))
            text = text[:position] + text[end:]
        elif edit == 2:
            text = text[:position] + draw(st.characters(blacklist_categories=("Cs",))) + text[position + 1 :]
        else:
            lines = text.split("\n")
            a = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            b = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            if edit == 3:
                lines[a], lines[b] = lines[b], lines[a]
            elif edit == 4:
                lines.insert(b, lines[a])
            else:
                del lines[a]
            text = "\n".join(lines)
    return text


documents = st.one_of(mutated(SEEDS, TOKENS), st.text(max_size=200))


@FUZZ
@given(documents)
def test_parse_document_raises_only_front_matter_errors(text: str) -> None:
    try:
        document = parse_document(text)
    except FrontMatterError as error:
        assert error.message and error.line >= 1
        return
    assert isinstance(document.data, dict)
    assert all(isinstance(key, str) for key in document.data)
    assert document.body_line >= 1


SITE_TOML = """[site]
title = "Harbour Coaching"
url = "https://harbour.example"
timezone = "Europe/Berlin"

[[authors]]
slug = "ines"
name = "Ines Vardy"

[[taxonomies.categories.terms]]
name = "Leadership"

[[menus.main.items]]
page = "about"

[[menus.main.items]]
title = "Blog"
url = "/"

[link_lists.blogroll]
title = "Friends"

[[link_lists.blogroll.links]]
title = "Peers"
url = "https://peers.example/"
"""


@pytest.fixture
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz-site")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def fresh(root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "pages").mkdir(parents=True)
    return root


def load_or_report(root: Path) -> coachcontent.Site | None:
    """Load; our own error listing (every line with a file, a line and a message) is the only failure allowed."""
    try:
        return coachcontent.load_site(root, selection=NO_PLUGINS, as_of=AS_OF)
    except coachcontent.ContentErrors as errors:
        assert errors.errors
        for error in errors.errors:
            assert error.path and error.line >= 1 and error.field and error.message
        return None


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "bytes"])


@FUZZ
@given(
    mutated(SEEDS, TOKENS),
    encodings,
    st.sampled_from(["posts/a.md", "pages/about.md", "pages/about.html"]),
    st.binary(max_size=20),
)
def test_any_content_file_loads_or_is_reported(
    site_dir: Path, text: str, encoding: str, name: str, noise: bytes
) -> None:
    root = fresh(site_dir / "site")
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (root / "content" / "pages" / "index-page.md").write_text("---\ntitle: Home\n---\nHi.\n", encoding="utf-8")
    if encoding == "bytes":
        data = text.encode("utf-8", "surrogatepass")
        cut = len(data) // 2
        data = data[:cut] + noise + data[cut:]
    else:
        data = text.encode(encoding, "replace") if encoding == "latin-1" else text.encode(encoding, "surrogatepass")
    (root / "content" / name).write_bytes(data)
    site = load_or_report(root)
    if site is not None:
        assert site.posts or site.pages


site_tomls = mutated([SITE_TOML], [*TOKENS, '"', "=", "[[", "]]", ".", "menus.main", "children", "parent = ", "url = "])


@FUZZ
@given(site_tomls)
def test_any_site_toml_loads_or_is_reported(site_dir: Path, text: str) -> None:
    root = fresh(site_dir / "site")
    (root / "site.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nHi.\n", encoding="utf-8")
    (root / "content" / "posts" / "2021-01-01-first.md").write_text(
        "---\ntitle: First\ncategories: [Leadership]\n---\nHi.\n", encoding="utf-8"
    )
    load_or_report(root)


# -- the WordPress importer -----------------------------------------------------------------------------------

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Coaching</title>
  <link>https://coach.example</link>
  <description>Notes on leading teams</description>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://coach.example</wp:base_site_url>
  <wp:base_blog_url>https://coach.example</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ines]]></wp:author_login>
    <wp:author_email><![CDATA[ines@coach.example]]></wp:author_email>
    <wp:author_display_name><![CDATA[Ines Vardy]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>leadership</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Leadership]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>12</wp:term_id><wp:category_nicename>feedback</wp:category_nicename>
    <wp:category_parent>leadership</wp:category_parent><wp:cat_name><![CDATA[Feedback]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>21</wp:term_id><wp:tag_slug>trust</wp:tag_slug><wp:tag_name><![CDATA[Trust]]></wp:tag_name></wp:tag>
  <item>
    <title><![CDATA[Feedback that lands]]></title>
    <link>https://coach.example/2024/03/feedback-that-lands/</link>
    <pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
    <dc:creator><![CDATA[ines]]></dc:creator>
    <guid isPermaLink="false">https://coach.example/?p=5</guid>
    <content:encoded><![CDATA[<p>Say what you saw.</p>
<!--more-->
Then ask what they saw. [caption id="x" width="300"]<img src="/a.png" alt="a"> A caption[/caption]
<script>alert(1)</script><a href="javascript:alert(1)">x</a>]]></content:encoded>
    <excerpt:encoded><![CDATA[Say what you saw.]]></excerpt:encoded>
    <wp:post_id>5</wp:post_id>
    <wp:post_date><![CDATA[2024-03-05 10:30:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2024-03-05 09:30:00]]></wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name><![CDATA[feedback-that-lands]]></wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>post</wp:post_type>
    <wp:is_sticky>0</wp:is_sticky>
    <category domain="category" nicename="feedback"><![CDATA[Feedback]]></category>
    <category domain="post_tag" nicename="trust"><![CDATA[Trust]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[9]]></wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Sam]]></wp:comment_author>
      <wp:comment_date_gmt><![CDATA[2024-03-06 08:00:00]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Useful, thanks.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent></wp:comment>
  </item>
  <item>
    <title><![CDATA[About]]></title>
    <link>https://coach.example/about/</link>
    <dc:creator><![CDATA[ines]]></dc:creator>
    <guid isPermaLink="false">https://coach.example/?page_id=7</guid>
    <content:encoded><![CDATA[We coach leaders.

Through change.]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:post_date><![CDATA[2023-01-01 10:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2023-01-01 09:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[about]]></wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:menu_order>1</wp:menu_order>
    <wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title><![CDATA[photo]]></title>
    <guid isPermaLink="false">https://coach.example/wp-content/uploads/a.png</guid>
    <wp:post_id>9</wp:post_id>
    <wp:post_date_gmt><![CDATA[2024-03-01 09:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[photo]]></wp:post_name>
    <wp:status>inherit</wp:status>
    <wp:post_parent>5</wp:post_parent>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url><![CDATA[https://coach.example/wp-content/uploads/a.png]]></wp:attachment_url>
  </item>
</channel>
</rss>
"""

XML_TOKENS = [
    "<", ">", "&", "&amp;", "&lt;", "&#0;", "&#x1;", "&#xD800;", "&nbsp;", "&undefined;", "]]>", "<![CDATA[",
    "<!--", "-->", "<?xml version='1.0'?>", '<!DOCTYPE rss [<!ENTITY x "xx">]>', "&x;",
    '<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;", "<item>", "</item>", "<title>", "</title>",
    "<wp:post_id>", "</wp:post_id>", "<wp:post_type>page</wp:post_type>", "<wp:post_parent>5</wp:post_parent>",
    "<wp:post_parent>7</wp:post_parent>", "<wp:status>draft</wp:status>", "<wp:post_name>", "<wp:post_date_gmt>",
    "0000-00-00 00:00:00", "2024-02-30 10:00:00", "9999-12-31 23:59:59", "nav_menu_item", "attachment", "-1",
    "99999999999999999999", "xmlns:wp=", '"', "'", "=", "</channel>", "</rss>", "\x00", "\x07", "\ufeff", "🧭",
    "[caption]", "[/caption]", "[gallery ids=\"1,2\"]", "<script>", "javascript:", "../../", "/etc/passwd",
]  # fmt: skip


@st.composite
def mutated_exports(draw: st.DrawFn) -> bytes:
    text = draw(mutated([WXR], XML_TOKENS))
    data = text.encode("utf-8", "surrogatepass")
    if data and draw(st.integers(min_value=0, max_value=9)) == 0:  # now and then, raw byte damage
        rnd = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
        for _ in range(rnd.randint(1, 4)):
            index = rnd.randrange(len(data))
            data = data[:index] + bytes([rnd.randrange(256)]) + data[index + 1 :]
    return data


@FUZZ
@given(mutated_exports())
def test_the_wordpress_importer_raises_only_content_errors(site_dir: Path, export: bytes) -> None:
    """Any mutation of a valid export is imported, or refused with ContentErrors;
    what it imports loads as a site (or is reported line by line)."""
    from coachcontent.importers import import_wordpress

    work = fresh(site_dir / "work")
    path = work / "export.xml"
    path.write_bytes(export)
    target = work / "imported"
    try:
        import_wordpress(path, target)
    except coachcontent.ContentErrors as errors:
        assert errors.errors
        assert not target.exists()  # nothing half-written
        return
    load_or_report(target)


def test_the_seed_export_imports_and_loads(site_dir: Path) -> None:
    """The fuzzer's starting point is a valid export (else the mutations test little)."""
    from coachcontent.importers import import_wordpress

    work = fresh(site_dir / "work")
    (work / "export.xml").write_text(WXR, encoding="utf-8")
    report = import_wordpress(work / "export.xml", work / "imported")
    assert (report.posts, report.pages) == (1, 1)
    site = coachcontent.load_site(work / "imported", selection=NO_PLUGINS, as_of=AS_OF)
    assert [post.title for post in site.posts] == ["Feedback that lands"]
    for seed in SEEDS:
        parse_document(seed)  # the front-matter seeds are valid too


# -- regressions: crashes the fuzzers found, kept as plain tests ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\nx: &a [*a]\n---\n", 2, "invalid YAML: an alias refers to the value that contains it"),
        ("---\nx: &a {k: *a}\n---\n", 2, "invalid YAML: an alias refers to the value that contains it"),
        ("---\nweight: !!int twelve\n---\n", 2, "invalid YAML value: invalid literal for int() with base 10: 'twelve'"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key 'title' (first on line 2)"),
        ("+++\ntitle = \n+++\n", 2, "invalid TOML: Invalid value"),
        ("---\n" + "x: " + "[" * 150 + "]" * 150 + "\n---\n", 2, "invalid YAML: values nested more than 100 deep"),
    ],
    ids=["recursive-list", "recursive-map", "bad-int-tag", "duplicate-key", "toml-end-of-document", "deep-nesting"],
)
def test_front_matter_regressions(text: str, line: int, message: str) -> None:
    with pytest.raises(FrontMatterError) as info:
        parse_document(text)
    assert (info.value.line, info.value.message) == (line, message)


@pytest.mark.parametrize(
    ("value", "kept"),
    [("2023-02-30", "2023-02-30"), ("0000-01-01", "0000-01-01"), ("!!timestamp nonsense", "nonsense")],
)
def test_dates_that_do_not_exist_stay_text_for_the_field_check(value: str, kept: str) -> None:
    assert parse_document(f"---\ndate: {value}\n---\n").data == {"date": kept}


@pytest.mark.parametrize(
    "source",
    ["<li></li>tail", "a\x00b<p>c\x07d</p>", "0<!-- note -->0", "<ul><li></li><li></li></ul>", "\ufffe\uffff"],
)
def test_summary_regressions(source: str) -> None:
    summary = coachcontent.make_summary(source, 1)
    assert "<li>" not in summary or "</li>" in summary
    assert "\x00" not in summary and "\x07" not in summary


def test_importer_regression_undeclared_namespace_prefix(site_dir: Path) -> None:
    from coachcontent.importers import import_wordpress

    work = fresh(site_dir / "work")
    (work / "export.xml").write_text(WXR.replace("xmlns:excerpt=", "mlns:excerpt="), encoding="utf-8")
    with pytest.raises(coachcontent.ContentErrors) as info:
        import_wordpress(work / "export.xml", work / "imported")
    (error,) = info.value.errors
    assert error.field == "xml"
    assert "Namespace prefix" in error.message and "is not defined" in error.message
    assert not (work / "imported").exists()
