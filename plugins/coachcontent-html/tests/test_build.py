"""The search index, template overrides, link safety, determinism and parallel rendering."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import pickle
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from attrs import evolve
from coachcontent_html import SEARCH_INDEX_URL, Asset, search_index, site_outputs, theme_assets

import coachcontent


def all_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".coachcontent-manifest.json"
    }


def test_search_index_is_compact_and_complete(built: Path) -> None:
    raw = (built / "search-index.json").read_text(encoding="utf-8")
    assert SEARCH_INDEX_URL == "/search-index.json"
    assert "\n" not in raw.rstrip("\n") and ": " not in raw  # compact separators
    data = json.loads(raw)
    assert data["version"] == 1
    entries = data["entries"]
    urls = [e["url"] for e in entries]
    # Published posts newest first, then published pages by path; no drafts, no future posts.
    assert urls[:3] == ["/2024/04/delegation-ladder/", "/2024/04/script-title/", "/2024/04/feedback/"]
    assert urls[9:] == [
        "/about/",
        "/about/contact/",
        "/about/speaking/",
        "/about/speaking/topics/",
        "/coaching/",
        "/coaching/executive/",
        "/coaching/executive/transitions/",
    ]
    assert len(urls) == 16
    calendar = next(e for e in entries if e["url"] == "/2024/03/calendar-strategy/")
    assert {k: v for k, v in calendar.items() if k != "words"} == {
        "date": "2024-03-12",
        "summary": "Summary of Why your calendar is a strategy document.",
        "tags": ["teams"],
        "title": "Why your calendar is a strategy document",
        "url": "/2024/03/calendar-strategy/",
    }
    words = calendar["words"].split()
    assert words == sorted(set(words))
    assert "zebracorn" in words and "coaching" in words
    # Words already in the title or summary are not repeated; short words are left out.
    assert "calendar" not in words and "is" not in words
    transitions = next(e for e in entries if e["url"] == "/coaching/executive/transitions/")
    assert transitions["tags"] == [] and "date" not in transitions
    assert "hundred" in transitions["words"].split()


def test_search_words_are_every_run_of_three_word_characters(site_factory) -> None:
    # ASCII text is cut into words by a translation table; any text gives the words the
    # definition gives: runs of three or more word characters, case-folded.
    import random
    import re

    from coachcontent import plain_text

    rnd = random.Random(5)
    alphabet = ["a", "Q", "z", "_", "7", " ", "-", "'", ".", "\t", "\n", "&amp;", "<em>", "</em>", "<p>", "</p>"]
    wide = [*alphabet, "é", "ß", "İ", "Ǆ", "٣", "\u00a0"]
    site = site_factory()
    posts = []
    for number in range(300):
        pieces = alphabet if number % 3 else wide
        body = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60)))
        posts.append(evolve(site.posts[0], slug=f"words-{number}", title="T", summary="", body=body, aliases=()))
    site = evolve(site, posts=[*site.posts, *posts])
    entries = {entry["url"]: entry for entry in search_index(site)}
    for post in posts:
        expected = set(re.findall(r"\w{3,}", plain_text(post.body).casefold()))
        assert entries[site.url_for(post)]["words"] == " ".join(sorted(expected)), post.body


def _split_index(out: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The manifest's parts and every entry of their files, in order."""
    manifest = json.loads((out / "search-index.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2 and "entries" not in manifest
    entries: list[dict[str, object]] = []
    for part in manifest["parts"]:
        data = json.loads((out / part["url"].lstrip("/")).read_text(encoding="utf-8"))
        assert data["version"] == 1 and len(data["entries"]) == part["entries"]
        entries.extend(data["entries"])
    return manifest["parts"], entries


def test_a_large_search_index_is_split_by_year_then_month(site_factory, build) -> None:
    # 9 published posts (8 in 2024: January, March and April; 1 in 2019) and 7 pages, split above 3.
    site = site_factory(config={"html": {"search_index_split": 3}})
    out = build(site)
    parts, entries = _split_index(out)
    # A year of more than 3 posts goes by month, newest first; the pages (7) make one part.
    assert [(part["url"], part["entries"]) for part in parts] == [
        ("/search-index/2024-04.json", 3),
        ("/search-index/2024-03.json", 4),
        ("/search-index/2024-01.json", 1),
        ("/search-index/2019.json", 1),
        ("/search-index/pages.json", 7),
    ]
    # Joined in order, the parts hold exactly the whole index.
    assert entries == json.loads(json.dumps(search_index(site)))
    # Below the limit (and with 0) the index is one file, as before.
    for split in (100, 0):
        single = build(site_factory(config={"html": {"search_index_split": split}}))
        data = json.loads((single / "search-index.json").read_text(encoding="utf-8"))
        assert data["version"] == 1 and len(data["entries"]) == 16
        assert not (single / "search-index").exists()


def test_editing_a_post_renders_only_its_part_of_a_split_index(site_factory, build, tmp_path) -> None:
    site = site_factory(config={"html": {"search_index_split": 3}})
    selection = coachcontent.PluginSelection(enabled=["html"])
    out = tmp_path / "incremental"
    coachcontent.build_site(site, out, selection=selection)
    edited = evolve(
        site,
        posts=tuple(
            evolve(post, body=post.body + "<p>Quokkaline appears here alone.</p>")
            if post.slug == "calendar-strategy"
            else post
            for post in site.posts
        ),
    )
    report = coachcontent.build_site(edited, out, selection=selection)
    written = [path for path in report.write.written if path.startswith("search-index")]
    assert written == ["search-index/2024-03.json"]
    part = json.loads((out / "search-index" / "2024-03.json").read_text(encoding="utf-8"))
    assert any("quokkaline" in entry["words"].split() for entry in part["entries"])
    # The same bytes as a full build of the edited site.
    full = build(edited, incremental=False)
    assert _split_index(out) == _split_index(full)


def test_search_index_split_must_not_be_negative(site_factory, build) -> None:
    with pytest.raises(coachcontent.BuildError, match="search_index_split"):
        build(site_factory(config={"html": {"search_index_split": -1}}))


def test_search_index_can_be_turned_off(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"search_index": False}}))
    assert not (out / "search-index.json").exists()
    assert parse(out, "/").xpath("//form[@role='search']/@data-index") == []


def test_search_site_param_can_be_dropped(site_factory, build, parse) -> None:
    out = build(
        site_factory(config={"html": {"search_fallback": "https://www.google.com/search", "search_site_param": ""}})
    )
    form = parse(out, "/").xpath("//aside//form[@role='search']")[0]
    assert form.get("action") == "https://www.google.com/search"
    assert form.xpath(".//input[@type='hidden']") == []
    assert form.get("data-site-prefix") is not None


def test_two_builds_are_byte_identical(site_factory, build) -> None:
    first = all_files(build(site_factory()))
    second = all_files(build(site_factory()))
    assert first.keys() == second.keys()
    assert first == second


def test_builds_in_processes_with_other_hash_seeds_are_byte_identical(tmp_path) -> None:
    import os
    import subprocess
    import sys

    script = (
        "import sys, coachcontent\n"
        "site = coachcontent.load_site(coachcontent.demo_path())\n"
        "coachcontent.build_site(site, sys.argv[1], selection=coachcontent.PluginSelection(enabled=['html']))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, timeout=300)
        outputs.append(all_files(out))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 150


def test_rendering_in_a_process_pool_gives_the_same_bytes(site, build) -> None:
    serial = all_files(build(site))
    parallel = all_files(build(site, jobs=2))
    assert serial == parallel


def test_renderers_pickle_small(site) -> None:
    context = coachcontent.BuildContext(site, coachcontent.PluginSelection(enabled=["html"]))
    outputs = list(site_outputs(context, site))
    for output in outputs:
        if output.renderer is not None:
            data = pickle.dumps(output.renderer)
            assert len(data) < 400, output.path


def broken_links(out: Path, ignore: tuple[str, ...] = ()) -> tuple[list[tuple[str, str]], int]:
    """Links of every HTML page that lead nowhere (or off-site by a scheme other than
    http, https and mailto), and how many internal links were checked."""
    files = set(all_files(out))
    broken: list[tuple[str, str]] = []
    checked = 0
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        doc = lxml.html.fromstring((out / name).read_bytes())
        for _element, attribute, value, _ in doc.iterlinks():
            if attribute not in ("href", "src", "action"):
                continue
            value = value.strip()
            parts = urlsplit(value)
            if parts.scheme:
                if parts.scheme not in ("http", "https", "mailto"):
                    broken.append((name, value))
            elif value.startswith("#"):
                if not doc.xpath(f"//*[@id='{value[1:]}']"):
                    broken.append((name, value))
            elif not value.startswith("/") or value.startswith("//"):
                broken.append((name, value))
            elif not value.startswith(ignore):
                checked += 1
                if coachcontent.output_path(value) not in files:
                    broken.append((name, value))
    return broken, checked


def test_every_internal_link_resolves_and_external_links_are_safe(built: Path) -> None:
    broken, checked = broken_links(built)
    assert broken == []
    assert checked > 1000


def test_no_broken_link_in_the_demo_site(build) -> None:
    out = build(coachcontent.load_site(coachcontent.demo_path()))
    # The demo links its feed at /feed.xml (footer menu, social profile); the feeds
    # plugin writes it, and it does not take part in this build.
    broken, checked = broken_links(out, ignore=("/feed.xml",))
    assert broken == []
    assert checked > 5000


def test_no_broken_link_in_the_demo_site_with_its_feeds(build) -> None:
    # With the feeds plugin every link resolves, the feed links included: no exceptions.
    out = build(coachcontent.load_site(coachcontent.demo_path()), enabled=["html", "feeds"])
    broken, checked = broken_links(out)
    assert broken == []
    assert checked > 5000
    home = lxml.html.fromstring((out / "index.html").read_bytes())
    feeds = home.xpath("//head/link[@rel='alternate']/@href")
    assert feeds == ["/feed.xml", "/atom.xml", "/feed.json"]
    assert home.xpath("//section[contains(@class,'widget-subscribe')]/ul//a/@href") == feeds


def test_site_templates_win_and_can_extend_the_theme(site_factory, build, parse, tmp_path) -> None:
    folder = tmp_path / "mysite"
    (folder / "templates" / "widgets").mkdir(parents=True)
    (folder / "templates" / "post.html").write_text(
        '{% extends "theme/post.html" %}\n'
        '{% block content %}{{ super() }}<p class="signature">— {{ post.title }}</p>{% endblock %}\n',
        encoding="utf-8",
    )
    (folder / "templates" / "widgets" / "tags.html").write_text(
        '<section class="widget my-tags"><h2>Topics</h2></section>\n', encoding="utf-8"
    )
    (folder / "templates" / "404.html").write_text(
        "<!DOCTYPE html><title>Lost</title><p>Our own {{ view.title }}</p>\n", encoding="utf-8"
    )
    out = build(site_factory(source_dir=str(folder)))
    post = parse(out, "/2024/03/calendar-strategy/")
    assert post.xpath("string(//p[@class='signature'])") == "— Why your calendar is a strategy document"
    assert post.xpath("//main//article//h1/text()") == ["Why your calendar is a strategy document"]
    assert post.xpath("//section[@class='widget my-tags']/h2/text()") == ["Topics"]
    assert post.xpath("//ul[@class='tag-cloud']") == []
    assert (out / "404.html").read_text(encoding="utf-8") == (
        "<!DOCTYPE html><title>Lost</title><p>Our own Page not found</p>"
    )
    # Pages that are not overridden are the theme's.
    assert parse(out, "/about/").xpath("//main//article[@class='entry entry-page']")


def test_undefined_names_in_templates_fail_the_build(site_factory, build, tmp_path) -> None:
    folder = tmp_path / "typo"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "page.html").write_text("{{ pgae.title }}\n", encoding="utf-8")
    with pytest.raises(coachcontent.BuildError, match="pgae"):
        build(site_factory(source_dir=str(folder)))


def test_unknown_widget_fails_the_build_with_its_name(site_factory, build) -> None:
    with pytest.raises(coachcontent.BuildError, match=r"widgets/nonesuch\.html"):
        build(site_factory(config={"html": {"sidebar": ["nonesuch"]}}))


def test_theme_files_are_written_under_content_hashed_names(built: Path, parse) -> None:
    theme = sorted(p.name for p in (built / "theme").iterdir())
    assert len(theme) == 3
    expected = {}
    for name in theme:
        # style.3f2a9c1b.css: the name carries the first hex digits of the SHA-256 of the bytes.
        match = re.fullmatch(r"(style|site|icon)\.([0-9a-f]{8})\.(css|js|svg)", name)
        assert match, name
        data = (built / "theme" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest().startswith(match[2])
        expected[f"{match[1]}.{match[3]}"] = f"/theme/{name}"
    assert {name: asset.url for name, asset in theme_assets().items()} == expected
    css = (built / "theme" / expected["style.css"].split("/")[-1]).read_text(encoding="utf-8")
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
    assert ":focus-within" in css
    # Every page refers to the hashed names.
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        if doc.xpath("//meta[@http-equiv='refresh']"):
            continue  # a redirect page of the core
        assert doc.xpath("//link[@rel='stylesheet']/@href")[:1] == [expected["style.css"]], path
        assert doc.xpath("//script[@src]/@src") == [expected["site.js"]], path
        assert doc.xpath("//link[@rel='icon']/@href") == [expected["icon.svg"]], path
        for value in doc.xpath("//@src | //link[@rel='stylesheet' or @rel='icon']/@href"):
            # No request leaves the site when a page loads.
            assert value.startswith("/") and not value.startswith("//"), value


def test_a_changed_theme_file_gets_a_new_name() -> None:
    current = theme_assets()["style.css"]
    changed = Asset(name="style.css", media_type="text/css", data=current.data + b"\n.x { color: red; }\n")
    assert changed.path == f"theme/style.{hashlib.sha256(changed.data).hexdigest()[:8]}.css"
    assert changed.url == "/" + changed.path
    assert changed.path != current.path
    # The same bytes give the same name, whatever object holds them.
    assert Asset(name="style.css", media_type="text/css", data=bytes(current.data)).url == current.url


def _theme_templates_copied_into(folder: Path) -> None:
    theme = Path(str(importlib.resources.files("coachcontent_html") / "templates"))
    names = [f"widgets/{p.name}" for p in (theme / "widgets").glob("*.html")]
    names += ["partials/post_card.html", "partials/post_meta.html"]
    for name in names:
        (folder / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(theme / name, folder / "templates" / name)


def _same_files(a: Path, b: Path) -> list[str]:
    # Every file but the manifest, whose fingerprints know the site has templates of its own.
    files = sorted(
        p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file() and p.name != ".coachcontent-manifest.json"
    )
    assert files == sorted(
        p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file() and p.name != ".coachcontent-manifest.json"
    )
    assert [f for f in files if (a / f).read_bytes() != (b / f).read_bytes()] == []
    return files


def test_reused_widgets_and_cards_give_the_same_bytes_as_rendering_each_page(build, tmp_path) -> None:
    # The theme renders its widgets and post cards once per state and reuses the HTML;
    # the same templates copied into the site folder are overrides, rendered on every
    # page. Both builds must agree byte for byte.
    source = tmp_path / "demo"
    shutil.copytree(coachcontent.demo_path(), source)
    _theme_templates_copied_into(source)
    plugins = ["html", "feeds", "share", "related"]
    reused = build(coachcontent.load_site(coachcontent.demo_path()), enabled=plugins)
    each_page = build(coachcontent.load_site(source), enabled=plugins)
    assert len(_same_files(reused, each_page)) > 300


def test_reused_cards_keep_the_sticky_badge_to_the_home_page(build, site, tmp_path) -> None:
    # The hand-made site has sticky posts: featured on the home page only.
    folder = tmp_path / "site"
    _theme_templates_copied_into(folder)
    reused = build(site)
    each_page = build(evolve(site, source_dir=str(folder)))
    _same_files(reused, each_page)
    assert b"is-sticky" in (reused / "index.html").read_bytes()


# Every way a template writes a value: straight out, inside a captured block, a macro
# and a ``~`` join, filtered, marked safe, and values that are not strings.
_WRITES = """{%- set hostile = '<b class="x">Tom & Jerry\\'s</b>' -%}
{%- macro quoted(value) %}<q title="{{ value }}">{{ value }}</q>{% endmacro -%}
{%- set captured %}<i>{{ hostile }}</i>{{ post.title }}{% endset -%}
<p>{{ post.title }}</p><p title="{{ post.title }}">{{ hostile }}</p>
{{ captured }}|{{ quoted(hostile) }}|{{ quoted(post.title ~ " & more") }}
{{ hostile ~ "<" }}|{{ hostile|e }}|{{ hostile|safe }}|{{ hostile|upper }}
{{ 3 }}|{{ 2.5 }}|{{ none }}|{{ true }}|{{ [hostile] }}|{{ {"k": hostile} }}|{{ post.title|length }}
{% for word in hostile.split() %}{{ loop.index }}:{{ word }};{% endfor %}
{% filter upper %}{{ hostile }}{% endfilter %}
"""


def test_site_templates_write_every_value_as_jinja_and_markupsafe_do(
    site_factory, build, script_title, tmp_path
) -> None:
    # The theme writes values through its own escaping (no Markup per value): the same
    # bytes as a stock Jinja environment with autoescaping.
    import jinja2

    folder = tmp_path / "writes"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "post.html").write_text(_WRITES, encoding="utf-8")
    site = site_factory(source_dir=str(folder))
    out = build(site)
    stock = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    checked = 0
    for post in site.posts_newest_first():
        written = (out / coachcontent.output_path(site.url_for(post))).read_text(encoding="utf-8")
        assert written == stock.from_string(_WRITES).render(post=post)
        checked += post.title == script_title
    assert checked == 1  # the title full of quotes, ampersands and tags is among them
