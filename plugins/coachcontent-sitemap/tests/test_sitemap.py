"""sitemap.xml: every public URL with its lastmod, valid, deterministic, split past the limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import coachcontent_sitemap
import pytest
from coachcontent_sitemap import SitemapError, SitemapUrl
from lxml import etree

import coachcontent
from coachcontent import Site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(path: Path) -> list[str]:
    return etree.parse(str(path)).xpath("//s:loc/text()", namespaces=NS)


def test_the_sitemap_lists_every_public_url_with_lastmod(site: Site, build, sitemap_schema) -> None:
    out = build(site)
    document = etree.parse(str(out / "sitemap.xml"))
    assert sitemap_schema.validate(document), sitemap_schema.error_log
    entries = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in document.getroot()
    }
    base = "https://coach.example"
    assert entries == {
        f"{base}/": "2024-06-01T03:00:00-05:00",
        f"{base}/2024/03/third-time/": "2024-03-09T06:00:00-06:00",
        f"{base}/2024/03/second-thoughts/": "2024-06-01T03:00:00-05:00",
        f"{base}/2024/03/first-steps/": "2024-03-01T06:00:00-06:00",
        f"{base}/about/": "2024-02-01T18:00:00-06:00",
        f"{base}/about/contact/": None,
        f"{base}/category/business/": "2024-06-01T03:00:00-05:00",
        f"{base}/category/business/sales/": "2024-06-01T03:00:00-05:00",
        f"{base}/tag/trust/": "2024-06-01T03:00:00-05:00",
        f"{base}/author/maren/": "2024-06-01T03:00:00-05:00",
        f"{base}/2024/": "2024-06-01T03:00:00-05:00",
        f"{base}/2024/03/": "2024-06-01T03:00:00-05:00",
    }
    # left out: a draft, a future post, noindex entries, a copy whose canonical is elsewhere,
    # a draft page and its child, empty terms and an author without posts
    text = (out / "sitemap.xml").read_text(encoding="utf-8")
    for gone in (
        "not-yet",
        "from-the-future",
        "hidden",
        "copied",
        "thanks",
        "secret",
        "legal",
        "empty",
        "unused",
        "theo",
    ):
        assert gone not in text


def test_every_demo_url_is_listed_and_valid(build, sitemap_schema) -> None:
    demo = coachcontent.load_site(coachcontent.demo_path())
    out = build(demo)
    document = etree.parse(str(out / "sitemap.xml"))
    assert sitemap_schema.validate(document), sitemap_schema.error_log
    locs = _locs(out / "sitemap.xml")
    assert len(locs) == len(set(locs))
    published = demo.posts_newest_first()
    for post in demo.posts:
        url = demo.absolute_url(demo.url_for(post))
        # an excerpt whose canonical copy lives elsewhere is not listed: search engines want canonical URLs
        listed = post in published and post.canonical_url in (None, url)
        assert (url in locs) == listed, url
    assert sum(1 for post in published if post.canonical_url) >= 1
    for page in demo.pages:
        assert (demo.absolute_url(demo.url_for(page)) in locs) == (
            not page.draft and not coachcontent_sitemap.is_noindex(page)
        )


def test_switches_and_exclusions(make_site) -> None:
    site = make_site(
        sitemap={"archives": "yearly", "authors": False, "empty_terms": True, "exclude": ["/about/", "/tag/trust/"]}
    )
    locs = [url.loc.removeprefix("https://coach.example") for url in coachcontent_sitemap.sitemap_urls(site)]
    assert locs == [
        "/",
        "/2024/03/third-time/",
        "/2024/03/second-thoughts/",
        "/2024/03/first-steps/",
        "/category/business/",
        "/category/empty/",
        "/category/business/sales/",
        "/tag/unused/",
        "/2024/",
    ]


def test_two_builds_are_byte_identical(make_site, build) -> None:
    first, second = build(make_site(sitemap={"max_urls": 4})), build(make_site(sitemap={"max_urls": 4}))
    names = sorted(p.name for p in first.iterdir() if p.is_file())
    assert names == [
        ".coachcontent-manifest.json",
        "robots.txt",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap.xml",
    ]
    for name in names[1:]:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_split_into_an_index_at_the_url_limit(make_site, build, sitemap_schema) -> None:
    site = make_site(sitemap={"max_urls": 5})
    out = build(site)
    index = etree.parse(str(out / "sitemap.xml")).getroot()
    assert etree.QName(index).localname == "sitemapindex"
    parts = [
        (s.findtext("s:loc", namespaces=NS), s.findtext("s:lastmod", namespaces=NS))
        for s in index.findall("s:sitemap", namespaces=NS)
    ]
    assert parts == [
        ("https://coach.example/sitemap-1.xml", "2024-06-01T03:00:00-05:00"),
        ("https://coach.example/sitemap-2.xml", "2024-06-01T03:00:00-05:00"),
        ("https://coach.example/sitemap-3.xml", "2024-06-01T03:00:00-05:00"),
    ]
    listed: list[str] = []
    for number in (1, 2, 3):
        document = etree.parse(str(out / f"sitemap-{number}.xml"))
        assert sitemap_schema.validate(document), sitemap_schema.error_log
        listed += _locs(out / f"sitemap-{number}.xml")
    assert [len(_locs(out / f"sitemap-{n}.xml")) for n in (1, 2, 3)] == [5, 5, 2]
    assert listed == [url.loc for url in coachcontent_sitemap.sitemap_urls(make_site())]
    assert "Sitemap: https://coach.example/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")


def test_exactly_at_the_limit_there_is_no_index(site: Site) -> None:
    urls = coachcontent_sitemap.sitemap_urls(site)
    files = coachcontent_sitemap.plan_sitemaps(site, urls, max_urls=len(urls))
    assert [(f.path, f.kind, len(f.urls)) for f in files] == [("/sitemap.xml", "urlset", 12)]
    files = coachcontent_sitemap.plan_sitemaps(site, urls, max_urls=len(urls) - 1)
    assert [(f.kind, len(f.urls)) for f in files] == [("index", 2), ("urlset", 11), ("urlset", 1)]


def test_split_at_the_byte_limit_keeps_every_file_under_it(site: Site, sitemap_schema) -> None:
    urls = [SitemapUrl(loc=f"https://coach.example/a/{'x' * 80}/{n}/&amp") for n in range(200)]
    files = coachcontent_sitemap.plan_sitemaps(site, urls, max_urls=50_000, max_bytes=4096)
    parts = files[1:]
    assert files[0].kind == "index" and len(parts) > 3
    sizes = [len(coachcontent_sitemap.render_file(part, site.zone)) for part in parts]
    assert max(sizes) <= 4096
    assert max(sizes) > 4096 - 150  # parts are filled, not split early
    document = etree.fromstring(coachcontent_sitemap.render_file(parts[0], site.zone))
    assert sitemap_schema.validate(document)
    assert [u.loc for part in parts for u in part.urls] == [u.loc for u in urls]


def test_a_large_site_splits_at_fifty_thousand_by_default(site: Site) -> None:
    urls = [SitemapUrl(loc=f"https://coach.example/p/{n}/") for n in range(50_001)]
    files = coachcontent_sitemap.plan_sitemaps(site, urls)
    assert [(f.kind, len(f.urls)) for f in files] == [("index", 2), ("urlset", 50_000), ("urlset", 1)]


def test_robots_txt_rules(make_site, build) -> None:
    site = make_site(sitemap={"disallow": ["/drafts/", "/search/"], "agents": {"GPTBot": ["/"], "Googlebot-Image": []}})
    assert (build(site) / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\n"
        "Disallow: /drafts/\n"
        "Disallow: /search/\n"
        "\n"
        "User-agent: GPTBot\n"
        "Disallow: /\n"
        "\n"
        "User-agent: Googlebot-Image\n"
        "Disallow:\n"
        "\n"
        "Sitemap: https://coach.example/sitemap.xml\n"
    )
    assert not (build(make_site(sitemap={"robots": False})) / "robots.txt").exists()


@pytest.mark.parametrize(
    ("sitemap", "message"),
    [
        ({"max_urls": 50_001}, "[sitemap] max_urls: must be from 1 to 50,000"),
        ({"max_bytes": 100}, "[sitemap] max_bytes: must be from 4,096 to 52,428,800"),
        ({"path": "/maps/sitemap.xml"}, "[sitemap] path: '/maps/sitemap.xml' must be at the site's root"),
        ({"part_path": "/sitemap-part.xml"}, "[sitemap] part_path: must contain {n}"),
        (
            {"archives": "weekly"},
            "[sitemap] archives: expected one of 'both', 'yearly', 'monthly', 'none', got 'weekly'",
        ),
        ({"disallow": ["drafts"]}, "[sitemap] disallow: item 1: 'drafts' must be a site path"),
        ({"agents": {"Bad Agent!": ["/"]}}, "[sitemap] agents: 'Bad Agent!' is not a user-agent name"),
    ],
)
def test_bad_settings_are_reported(make_site, sitemap, message) -> None:
    with pytest.raises(SitemapError) as caught:
        coachcontent_sitemap.sitemap_settings(make_site(sitemap=sitemap))
    assert str(caught.value).startswith(message)


def test_every_key_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for key in coachcontent_sitemap.SECTION.keys:
        assert f"| `{key.name}` |" in readme, key.name


def test_a_rebuild_renders_only_the_sitemap_files_whose_urls_or_dates_changed(make_site, tmp_path) -> None:
    from attrs import evolve

    selection = coachcontent.PluginSelection(enabled=["sitemap"])
    out = tmp_path / "out"
    site = make_site(sitemap={"max_urls": 4})
    first = coachcontent.build_site(site, out, selection=selection)
    before = {path.name: path.read_bytes() for path in out.glob("sitemap*.xml")}
    assert first.write.rendered == len(before) + 1  # and robots.txt
    # A body edited: no URL and no date changed, so no sitemap file is rendered.
    posts = tuple(evolve(p, body="<p>New words.</p>") if p.slug == "third-time" else p for p in site.posts)
    again = coachcontent.build_site(evolve(site, posts=posts), out, selection=selection)
    assert again.write.rendered == 1  # robots.txt, which has no renderer
    assert {path.name: path.read_bytes() for path in out.glob("sitemap*.xml")} == before
    # A new date: the files listing it (and the index, which dates its parts) are rendered again.
    updated = datetime(2024, 9, 9, tzinfo=UTC)
    posts = tuple(evolve(p, updated=updated) if p.slug == "third-time" else p for p in site.posts)
    changed = coachcontent.build_site(evolve(site, posts=posts), out, selection=selection)
    assert 2 <= changed.write.rendered - 1 < len(before)
    assert "2024-09-08T19:00:00-05:00" in (out / "sitemap.xml").read_text(encoding="utf-8")  # in Chicago
    assert set(changed.write.written) >= {"sitemap.xml"}
