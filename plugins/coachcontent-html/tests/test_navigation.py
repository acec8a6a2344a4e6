"""The menu, breadcrumbs and sidebar widgets."""

from __future__ import annotations

from pathlib import Path

MENU = "//nav[contains(@class,'site-nav')]"


def texts(elements: list) -> list[str]:
    return [" ".join(e.text_content().split()) for e in elements]


def test_menu_is_a_nested_tree_with_three_levels(built: Path, parse) -> None:
    doc = parse(built, "/")
    nav = doc.xpath(MENU)[0]
    assert nav.get("aria-label") == "Main menu"
    top = nav.xpath("./div/ul[contains(@class,'menu-level-1')]/li")
    assert texts([li.xpath("./a")[0] for li in top]) == ["Home", "Coaching Services", "Blog", "About"]
    coaching = top[1]
    assert "has-children" in coaching.get("class")
    level2 = coaching.xpath("./ul[contains(@class,'menu-level-2')]/li/a/@href")
    assert level2 == ["/coaching/executive/"]
    level3 = coaching.xpath("./ul/li/ul[contains(@class,'menu-level-3')]/li/a/@href")
    assert level3 == ["/coaching/executive/transitions/"]
    # Each submenu has a toggle (shown by the script) that controls it by id.
    for button in nav.xpath(".//button[@class='submenu-toggle']"):
        assert button.get("aria-expanded") == "false"
        controlled = button.get("aria-controls")
        assert nav.xpath(f".//ul[@id='{controlled}']") == [button.getnext()]
        assert button.text_content().strip().endswith("show submenu")
    assert len(nav.xpath(".//button[@class='submenu-toggle']")) == 4


def test_active_item_and_ancestors_are_marked(built: Path, parse) -> None:
    doc = parse(built, "/coaching/executive/transitions/")
    current = doc.xpath(f"{MENU}//a[@aria-current]")
    assert [(a.get("href"), a.get("aria-current")) for a in current] == [
        ("/coaching/", "true"),
        ("/coaching/executive/", "true"),
        ("/coaching/executive/transitions/", "page"),
    ]
    # Only the trail is marked.
    assert doc.xpath(f"{MENU}//li[contains(@class,'is-current')]/a/@href") == [
        "/coaching/",
        "/coaching/executive/",
        "/coaching/executive/transitions/",
    ]


def test_home_item_is_current_on_home_only(built: Path, parse) -> None:
    home = parse(built, "/")
    assert [(a.get("href"), a.get("aria-current")) for a in home.xpath(f"{MENU}//a[@aria-current]")] == [("/", "page")]
    page2 = parse(built, "/page/2/")
    assert page2.xpath(f"{MENU}//a[@aria-current]/@href") == ["/"]


def test_post_in_a_menu_category_marks_that_item(built: Path, parse) -> None:
    # The post is not in the menu; its category "leadership" is ("Blog").
    doc = parse(built, "/2024/03/calendar-strategy/")
    assert [(a.get("href"), a.get("aria-current")) for a in doc.xpath(f"{MENU}//a[@aria-current]")] == [
        ("/category/leadership/", "true")
    ]
    # A post that is a menu item itself is "page", below "Blog".
    feedback = parse(built, "/2024/04/feedback/")
    assert [(a.get("href"), a.get("aria-current")) for a in feedback.xpath(f"{MENU}//a[@aria-current]")] == [
        ("/category/leadership/", "true"),
        ("/2024/04/feedback/", "page"),
    ]


def test_later_pages_of_a_listing_keep_the_trail(built: Path, parse) -> None:
    doc = parse(built, "/category/leadership/page/2/")
    assert [(a.get("href"), a.get("aria-current")) for a in doc.xpath(f"{MENU}//a[@aria-current]")] == [
        ("/category/leadership/", "true")
    ]


def test_footer_menu(built: Path, parse) -> None:
    doc = parse(built, "/about/contact/")
    footer = doc.xpath("//footer//nav[contains(@class,'widget-footer-menu')]")[0]
    assert footer.xpath(".//a/@href") == ["/about/contact/"]
    assert footer.xpath(".//a/@aria-current") == ["page"]


def test_breadcrumbs_of_a_post_follow_its_first_category(built: Path, parse) -> None:
    doc = parse(built, "/2024/03/referrals-relationship/")
    crumbs = doc.xpath("//nav[@aria-label='Breadcrumb']//a")
    assert [(a.get("href"), a.text_content()) for a in crumbs] == [
        ("/", "Home"),
        ("/category/business/", "Business Development"),
        ("/category/business/networking/", "Networking"),
        ("/category/business/networking/referrals/", "Referral Partnerships"),
        ("/2024/03/referrals-relationship/", "Referrals are a relationship"),
    ]
    assert parse(built, "/").xpath("//nav[@aria-label='Breadcrumb']") == []


def test_sidebar_widgets_follow_the_configured_order(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"sidebar": ["tags", "archives", "search", "recent_posts"]}}))
    doc = parse(out, "/")
    classes = [s.get("class") for s in doc.xpath("//aside[@class='sidebar']/section")]
    assert classes == ["widget widget-tags", "widget widget-archives", "widget widget-search", "widget widget-recent"]
    assert doc.xpath("//aside//section[contains(@class,'widget-archives')]//a/@href")[:2] == ["/2024/04/", "/2024/03/"]
    assert texts(doc.xpath("//aside//section[contains(@class,'widget-archives')]//li"))[0] == "April 2024 (3)"
    assert len(doc.xpath("//aside//section[contains(@class,'widget-recent')]//li")) == 5


def test_no_sidebar(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"sidebar": [], "header": ["menu", "search"]}}))
    doc = parse(out, "/")
    assert doc.xpath("//aside") == []
    assert "has-sidebar" not in doc.xpath("//div[contains(@class,'layout')]/@class")[0]
    assert doc.xpath("//header[@class='site-header']//form[@role='search']")
    assert doc.xpath("//header//section[contains(@class,'widget-follow')]") == []


def test_category_tree_shows_direct_counts_and_hides_empty(built: Path, parse) -> None:
    doc = parse(built, "/category/business/sales/")
    tree = doc.xpath("//section[contains(@class,'widget-categories')]//nav")[0]
    items = [(li.xpath("./a/@href")[0], li.xpath("./span[@class='count']/text()")[0]) for li in tree.xpath(".//li")]
    assert items == [
        ("/category/business/", "(1)"),
        ("/category/business/networking/", "(1)"),
        ("/category/business/networking/referrals/", "(1)"),
        ("/category/business/sales/", "(2)"),
        ("/category/leadership/", "(5)"),
    ]
    assert tree.xpath(".//a[@aria-current='page']/@href") == ["/category/business/sales/"]
    # Nesting: referrals sits inside networking inside business.
    assert tree.xpath("./ul/li/ul/li/ul/li/a/@href") == ["/category/business/networking/referrals/"]


def test_tag_cloud_weights_become_classes(built: Path, parse) -> None:
    doc = parse(built, "/")
    cloud = doc.xpath("//ul[@class='tag-cloud']//a")
    # influence: 3 posts, teams and trust: 4 (lo=3, hi=4, 5 steps); "unused" has no posts.
    assert [(a.get("href"), a.get("class")) for a in cloud] == [
        ("/tag/influence/", "tag-weight-1"),
        ("/tag/teams/", "tag-weight-5"),
        ("/tag/trust/", "tag-weight-5"),
    ]
    assert texts(cloud)[0] == "influence (3 articles)"


def test_link_lists_and_their_selection(built: Path, parse, site_factory, build) -> None:
    doc = parse(built, "/")
    lists = doc.xpath("//section[contains(@class,'widget-links')]")
    assert texts([s.xpath(".//h2")[0] for s in lists]) == ["Blogroll", "Leadership Resources"]
    assert lists[0].xpath(".//a/@href") == ["https://slowmanager.example.org/", "mailto:hello@example.com"]
    assert texts(lists[0].xpath(".//span[@class='link-description']")) == ["Essays."]
    assert lists[1].xpath(".//a/@rel") == ["nofollow"]
    only = build(site_factory(config={"html": {"link_lists": ["resources"]}}))
    assert texts(parse(only, "/").xpath("//section[contains(@class,'widget-links')]//h2")) == ["Leadership Resources"]


def test_page_tree_marks_current_page_and_ancestors(built: Path, parse) -> None:
    doc = parse(built, "/about/speaking/topics/")
    tree = doc.xpath("//section[contains(@class,'widget-pages')]//nav")[0]
    assert tree.xpath("./ul/li/a/@href") == ["/about/", "/coaching/"]
    assert [(a.get("href"), a.get("aria-current")) for a in tree.xpath(".//a[@aria-current]")] == [
        ("/about/", "true"),
        ("/about/speaking/", "true"),
        ("/about/speaking/topics/", "page"),
    ]
    assert "/hidden/" not in tree.xpath(".//a/@href")


def test_follow_links_fall_back_to_site_profiles(built: Path, parse) -> None:
    doc = parse(built, "/")
    follow = doc.xpath("//header//section[contains(@class,'widget-follow')]//a")
    assert [(a.get("href"), a.get("rel"), a.text_content()) for a in follow] == [
        ("https://www.linkedin.com/company/northbridge-test", "me", "LinkedIn"),
        ("https://mastodon.example/@northbridge", "me", "Mastodon"),
    ]


def test_follow_links_from_the_hook(site, build, parse) -> None:
    import coachcontent

    class Follow:
        @coachcontent.hookimpl
        def coachcontent_follow_links(self, site):
            return [
                coachcontent.ShareLink(
                    network="bluesky",
                    label="Bluesky",
                    url="https://bsky.example/profile/x",
                    icon='<svg viewBox="0 0 1 1"><path d="M0 0h1v1z"/></svg>',
                )
            ]

    doc = parse(build(site, extra=[Follow()]), "/")
    follow = doc.xpath("//header//section[contains(@class,'widget-follow')]//a")
    assert [a.get("href") for a in follow] == ["https://bsky.example/profile/x"]
    assert follow[0].xpath(".//span[@class='icon']/svg")


def test_subscribe_links_only_when_feeds_exist(site_factory, build, parse, built) -> None:
    # By default the feeds are linked only when a plugin named "feeds" takes part.
    home = parse(built, "/")
    assert home.xpath("//section[contains(@class,'widget-subscribe')]") == []
    assert home.xpath("//link[@rel='alternate']") == []
    out = build(
        site_factory(
            config={
                "html": {
                    "feed_links": "always",
                    "feeds": [{"title": "RSS", "url": "/rss.xml", "type": "application/rss+xml"}],
                }
            }
        )
    )
    doc = parse(out, "/")
    assert doc.xpath("//section[contains(@class,'widget-subscribe')]//a/@href") == ["/rss.xml"]
    alternate = doc.xpath("//head/link[@rel='alternate']")[0]
    assert (alternate.get("type"), alternate.get("href"), alternate.get("title")) == (
        "application/rss+xml",
        "/rss.xml",
        "Northbridge Test Partners – RSS",
    )


def test_search_form_falls_back_to_a_site_restricted_web_search(built: Path, parse) -> None:
    form = parse(built, "/").xpath("//aside//form[@role='search']")[0]
    assert form.get("action") == "https://duckduckgo.com/"
    assert form.get("method") == "get"
    assert form.get("data-index") == "/search-index.json"
    assert form.xpath(".//input[@type='search']/@name") == ["q"]
    assert [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")] == [
        ("sites", "coach.example")
    ]
    label = form.xpath(".//label")[0]
    assert form.xpath(f".//input[@id='{label.get('for')}']")
