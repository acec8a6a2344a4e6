"""Every kind of page is written, at its URL, with the structure a visitor needs."""

from __future__ import annotations

from pathlib import Path

from coachcontent_html import Pagination, theme_assets


def texts(elements: list) -> list[str]:
    return [" ".join(e.text_content().split()) for e in elements]


def test_every_url_is_a_folder_with_index_html(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert "index.html" in pages
    assert "404.html" in pages
    for path in pages:
        # The only .html files that are not index.html: the 404 page and core's alias redirects.
        assert path.endswith("/index.html") or path in {"index.html", "404.html", "old/ten-years.html"}


def test_home_lists_newest_posts_with_sticky_first_and_paginates(built: Path, parse) -> None:
    home = parse(built, "/")
    titles = texts(home.xpath("//main//article[contains(@class,'post-card')]//h2"))
    # posts_per_page = 3; the sticky post leads even though two posts are newer.
    assert titles == [
        "Let's talk about feedback",
        "The delegation ladder",
        'Say "no" to <script>alert(1)</script> & other </script> tricks',
    ]
    assert home.xpath("//article[contains(@class,'is-sticky')]//p[@class='badge']/text()") == ["Featured"]
    summaries = texts(home.xpath("//article[contains(@class,'post-card')]//p[@class='card-summary']"))
    assert summaries[0] == "Summary of Let's talk about feedback."
    # 9 published posts, 3 per page: pages 1 to 3, linked both ways.
    assert home.xpath("//nav[@aria-label='Pagination']//a[@aria-current='page']/@href") == ["/"]
    assert home.xpath("//nav[@aria-label='Pagination']//a[@rel='next']/@href") == ["/page/2/"]
    assert home.xpath("//nav[@aria-label='Pagination']//a[@class='page-number']/@href") == [
        "/",
        "/page/2/",
        "/page/3/",
    ]
    second = parse(built, "/page/2/")
    assert second.xpath("//nav[@aria-label='Pagination']//a[@rel='prev']/@href") == ["/"]
    assert second.xpath("//nav[@aria-label='Pagination']//a[@rel='next']/@href") == ["/page/3/"]
    assert second.xpath("//head/link[@rel='prev']/@href") == ["/"]
    assert texts(second.xpath("//h1")) == ["Latest articles (page 2)"]
    third = parse(built, "/page/3/")
    assert third.xpath("//nav[@aria-label='Pagination']//a[@rel='next']") == []
    assert texts(third.xpath("//article[contains(@class,'post-card')]//h2")) == [
        "The first ten minutes of a sales conversation",
        "Building coalitions across the org chart",
        "Ten years of Northbridge",
    ]
    assert not (built / "page" / "4").exists()


def test_home_has_hero_with_title_and_description(built: Path, parse) -> None:
    home = parse(built, "/")
    assert texts(home.xpath("//div[@class='hero']//h1")) == ["Northbridge Test Partners"]
    assert "Executive coaching for senior leaders." in texts(home.xpath("//div[@class='hero']//p"))
    assert home.xpath("//title/text()") == ["Northbridge Test Partners – Steady leadership"]
    assert len(home.xpath("//h1")) == 1
    # The main menu's sections other than Home, as a "start here" panel.
    assert home.xpath("//nav[@class='hero-panel']//a/@href") == ["/coaching/", "/category/leadership/", "/about/"]
    assert parse(built, "/page/2/").xpath("//div[@class='hero']") == []


def test_drafts_and_future_posts_are_not_written(built: Path) -> None:
    everything = "\n".join(p.read_text(encoding="utf-8") for p in built.rglob("*.html"))
    assert "secret-draft" not in everything
    assert "A draft nobody may see" not in everything
    assert "from-the-future" not in everything
    assert "Hidden draft page" not in everything
    assert not (built / "2031").exists()
    assert not (built / "hidden").exists()


def test_post_page_has_byline_time_body_and_terms(built: Path, parse) -> None:
    doc = parse(built, "/2024/03/calendar-strategy/")
    article = doc.xpath("//main/article")[0]
    assert texts(article.xpath(".//h1")) == ["Why your calendar is a strategy document"]
    assert article.xpath(".//p[@class='entry-meta']//a[@rel='author']/@href") == [
        "/author/maren/",
        "/author/theo/",
    ]
    assert texts(article.xpath(".//p[@class='entry-meta']//a[@rel='author']")) == [
        "Maren Okafor",
        "Theo Vance",
    ]
    time = article.xpath(".//p[@class='entry-meta']//time")[0]
    assert time.get("datetime") == "2024-03-12T10:30:00-05:00"  # the site's timezone (CDT)
    assert time.text == "March 12, 2024"
    assert "the zebracorn method" in article.xpath("string(.//div[@class='entry-content'])")
    assert article.xpath(".//p[contains(@class,'terms-categories')]/a/@href") == ["/category/leadership/"]
    assert article.xpath(".//p[contains(@class,'terms-tags')]/a/@href") == ["/tag/teams/"]
    assert article.xpath(".//p[contains(@class,'terms-series')]/a/@href") == ["/series/first-ninety-days/"]
    assert texts(article.xpath(".//p[contains(@class,'terms-tags')]/span")) == ["Tagged as:"]
    # No canonical original: the canonical link is the post's own absolute URL, no "read more".
    assert doc.xpath("//head/link[@rel='canonical']/@href") == ["https://coach.example/2024/03/calendar-strategy/"]
    assert doc.xpath("//p[@class='read-full']") == []
    # No comment count when the source had no comments.
    assert doc.xpath("//*[@id='comments']") == []


def test_post_with_canonical_original_links_to_it(built: Path, parse) -> None:
    doc = parse(built, "/2024/01/building-coalitions/")
    original = "https://library.example.org/articles/building-coalitions/"
    assert doc.xpath("//head/link[@rel='canonical']/@href") == [original]
    link = doc.xpath("//p[@class='read-full']/a")[0]
    assert link.get("href") == original
    assert link.text_content().startswith("Read the full article")
    assert texts(doc.xpath("//p[@id='comments']")) == ["3 comments"]
    assert doc.xpath("//p[@class='entry-meta']//a[@href='#comments']/text()") == ["3 comments"]


def test_zero_comments_are_shown(built: Path, parse) -> None:
    doc = parse(built, "/2024/03/first-ten-minutes/")
    assert texts(doc.xpath("//p[@id='comments']")) == ["0 comments"]


def test_post_has_previous_next_and_related_posts(built: Path, parse) -> None:
    doc = parse(built, "/2024/03/referrals-relationship/")
    nav = doc.xpath("//nav[@class='post-nav']")[0]
    assert nav.xpath(".//a[@class='post-nav-previous']/@href") == ["/2024/03/calendar-strategy/"]
    assert nav.xpath(".//a[@class='post-nav-next']/@href") == ["/2024/03/networking-kinds/"]
    # The core's fallback ranks by shared terms: trust+influence first.
    related = doc.xpath("//section[@class='related']//li/a/@href")
    assert related[0] == "/2024/01/building-coalitions/"
    assert len(related) == 3
    assert "/2024/03/referrals-relationship/" not in related
    oldest = parse(built, "/2019/09/old-news/")
    assert oldest.xpath("//a[@class='post-nav-previous']") == []
    assert oldest.xpath("//a[@class='post-nav-next']/@href") == ["/2024/01/building-coalitions/"]


def test_related_posts_come_from_the_first_plugin_that_answers(site, build, parse) -> None:
    import coachcontent

    class Related:
        @coachcontent.hookimpl
        def coachcontent_related_posts(self, site, post, limit):
            return [site.post("old-news")]

    out = build(site, extra=[Related()])
    doc = parse(out, "/2024/03/referrals-relationship/")
    assert doc.xpath("//section[@class='related']//li/a/@href") == ["/2019/09/old-news/"]


def test_related_section_hidden_when_configured_off(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"related_posts": 0}}))
    assert parse(out, "/2024/03/referrals-relationship/").xpath("//section[@class='related']") == []


def test_page_shows_body_breadcrumbs_and_children(built: Path, parse) -> None:
    doc = parse(built, "/coaching/executive/")
    assert texts(doc.xpath("//main//h1")) == ["Executive Coaching"]
    assert doc.xpath("//nav[@aria-label='Breadcrumb']//a/@href") == [
        "/",
        "/coaching/",
        "/coaching/executive/",
    ]
    assert doc.xpath("//nav[@aria-label='Breadcrumb']//a[@aria-current='page']/@href") == ["/coaching/executive/"]
    assert doc.xpath("//section[@class='child-pages']//a/@href") == ["/coaching/executive/transitions/"]


def test_category_archive_lists_descendant_posts_and_child_categories(built: Path, parse) -> None:
    doc = parse(built, "/category/business/")
    assert texts(doc.xpath("//main//h1")) == ["Business Development"]
    assert texts(doc.xpath("//main//p[@class='eyebrow']"))[0] == "Category"
    assert texts(doc.xpath("//main//header//p[@class='lead']")) == ["Growing a practice."]
    children = doc.xpath("//nav[@class='child-terms']//a")
    assert [a.get("href") for a in children] == [
        "/category/business/networking/",
        "/category/business/sales/",
    ]
    # Counts include posts of deeper categories (networking: 1 own + 1 in referrals).
    assert texts(doc.xpath("//nav[@class='child-terms']//span[@class='count']")) == ["2", "2"]
    # 5 posts in the subtree (own, sales x2, networking, referrals), 3 per page.
    titles = texts(doc.xpath("//article[contains(@class,'post-card')]//h2"))
    assert titles == [
        "Three kinds of networking",
        "Referrals are a relationship",
        "The first ten minutes of a sales conversation",
    ]
    assert doc.xpath("//nav[@aria-label='Pagination']//a[@rel='next']/@href") == ["/category/business/page/2/"]
    second = parse(built, "/category/business/page/2/")
    assert texts(second.xpath("//article[contains(@class,'post-card')]//h2")) == [
        "Building coalitions across the org chart",
        "Ten years of Northbridge",
    ]
    assert texts(second.xpath("//main//h1")) == ["Business Development (page 2)"]
    leaf = parse(built, "/category/business/networking/referrals/")
    assert leaf.xpath("//p[@class='parent-term']/a/@href") == ["/category/business/networking/"]
    assert leaf.xpath("//nav[@class='child-terms']") == []


def test_empty_term_archive_says_so(built: Path, parse) -> None:
    doc = parse(built, "/category/empty-cat/")
    assert texts(doc.xpath("//p[@class='empty']")) == ["No articles here yet."]
    assert doc.xpath("//nav[@aria-label='Pagination']") == []


def test_tag_and_custom_taxonomy_archives(built: Path, parse) -> None:
    tag = parse(built, "/tag/trust/")
    assert texts(tag.xpath("//main//h1")) == ["trust"]
    assert texts(tag.xpath("//main//header/p[@class='eyebrow']")) == ["Tag"]
    assert tag.xpath("//title/text()") == ["Tag: trust – Northbridge Test Partners"]
    series = parse(built, "/series/first-ninety-days/")
    assert texts(series.xpath("//main//header/p[@class='eyebrow']")) == ["Series"]
    assert texts(series.xpath("//article[contains(@class,'post-card')]//h2")) == [
        "The delegation ladder",
        "Why your calendar is a strategy document",
    ]


def test_author_page_has_bio_profiles_and_paginated_posts(built: Path, parse) -> None:
    doc = parse(built, "/author/maren/")
    assert texts(doc.xpath("//main//h1")) == ["Maren Okafor"]
    assert texts(doc.xpath("//main//header//p[@class='lead']")) == [
        "Maren coaches chief executives and writes about influence."
    ]
    assert doc.xpath("//main//header//a[@rel='me']/@href") == ["https://www.linkedin.com/in/maren-test"]
    assert len(doc.xpath("//article[contains(@class,'post-card')]")) == 3
    assert doc.xpath("//nav[@aria-label='Pagination']//a[@class='page-number']/@href") == [
        "/author/maren/",
        "/author/maren/page/2/",
        "/author/maren/page/3/",
    ]
    theo = parse(built, "/author/theo/")
    assert texts(theo.xpath("//article[contains(@class,'post-card')]//h2")) == [
        "Three kinds of networking",
        "Why your calendar is a strategy document",
    ]


def test_year_and_month_archives(built: Path, parse) -> None:
    year = parse(built, "/2024/")
    assert texts(year.xpath("//main//h1")) == ["2024"]
    assert year.xpath("//nav[@class='child-terms']//a/@href") == ["/2024/04/", "/2024/03/", "/2024/01/"]
    assert texts(year.xpath("//nav[@class='child-terms']//a")) == ["April 3", "March 4", "January 1"]
    assert (built / "2024" / "page" / "3" / "index.html").is_file()
    month = parse(built, "/2024/03/")
    assert texts(month.xpath("//main//h1")) == ["March 2024"]
    assert month.xpath("//nav[@aria-label='Breadcrumb']//a/@href") == ["/", "/2024/", "/2024/03/"]
    assert texts(month.xpath("//article[contains(@class,'post-card')]//h2")) == [
        "Three kinds of networking",
        "Referrals are a relationship",
        "Why your calendar is a strategy document",
    ]
    assert parse(built, "/2019/").xpath("//nav[@class='child-terms']//a/@href") == ["/2019/09/"]


def test_not_found_page(built: Path, parse) -> None:
    doc = parse(built, "/404.html")
    assert texts(doc.xpath("//main//h1")) == ["Page not found"]
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//link[@rel='canonical']") == []
    assert doc.xpath("//main//form[@role='search']")
    assert doc.xpath("//main//ul[@class='related-list']/li/a/@href")[0] == "/2024/04/delegation-ladder/"
    # Site-absolute links and assets work from whatever folder the server shows it in.
    for value in doc.xpath("//@href | //@src"):
        assert value.startswith(("/", "#", "https://", "http://", "mailto:"))


def test_aliases_are_left_to_the_core(built: Path) -> None:
    redirect = (built / "old" / "ten-years.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect
    assert "https://coach.example/2019/09/old-news/" in redirect


def test_posts_per_page_override(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"posts_per_page": 20}}))
    home = parse(out, "/")
    assert len(home.xpath("//article[contains(@class,'post-card')]")) == 9
    assert home.xpath("//nav[@aria-label='Pagination']") == []
    assert not (out / "page").exists()


def test_custom_date_format(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"date_format": "{weekday_abbr} {day2}.{month}.{year}"}}))
    time = parse(out, "/2024/03/calendar-strategy/").xpath("//p[@class='entry-meta']//time")[0]
    assert time.text == "Tue 12.03.2024"


def test_a_bare_site_still_builds_every_page_it_has(build, parse) -> None:
    import coachcontent

    site = coachcontent.Site(title="Just Started", base_url="https://new.example")
    out = build(site)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        ".coachcontent-manifest.json",
        "404.html",
        "index.html",
        "search-index.json",
        *sorted(asset.path for asset in theme_assets().values()),
    ]
    home = parse(out, "/")
    assert texts(home.xpath("//p[@class='empty']")) == ["No articles here yet."]
    assert home.xpath("//nav[contains(@class,'site-nav')]") == []
    assert home.xpath("//nav[@class='hero-panel']") == []
    assert home.xpath("//section[contains(@class,'widget-categories') or contains(@class,'widget-tags')]") == []


def test_no_second_read_more_link_when_the_body_links_to_the_original(site_factory, build, parse) -> None:
    import attrs

    base = site_factory()
    original = "https://library.example.org/articles/building-coalitions/"
    posts = [
        attrs.evolve(p, body=p.body + f'<p><a href="{original}">Read the full article</a></p>')
        if p.slug == "building-coalitions"
        else p
        for p in base.posts
    ]
    out = build(site_factory(posts=posts))
    doc = parse(out, "/2024/01/building-coalitions/")
    assert doc.xpath("//p[@class='read-full']") == []
    assert doc.xpath("//div[@class='entry-content']//a/@href") == [original]
    assert doc.xpath("//head/link[@rel='canonical']/@href") == [original]


def test_pagination_links_a_window_of_pages_with_gaps() -> None:
    urls = tuple("/" if n == 1 else f"/page/{n}/" for n in range(1, 501))

    def numbers(number: int, count: int = 500) -> list[int | None]:
        pagination = Pagination(number=number, count=count, urls=urls[:count])
        return [link[0] if link else None for link in pagination.links()]

    assert numbers(1) == [1, 2, 3, None, 500]
    assert numbers(250) == [1, None, 248, 249, 250, 251, 252, None, 500]
    assert numbers(500) == [1, None, 498, 499, 500]
    # A gap of one page shows the page instead of "…".
    assert numbers(5) == [1, 2, 3, 4, 5, 6, 7, None, 500]
    assert numbers(3, count=7) == [1, 2, 3, 4, 5, 6, 7]
    assert numbers(1, count=1) == [1]
    pagination = Pagination(number=250, count=500, urls=urls)
    assert pagination.links()[2] == (248, "/page/248/")
