"""The queries an application needs, on a small site where every answer is known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coachcontent import (
    Author,
    NavItem,
    NavTree,
    Page,
    Post,
    Site,
    Taxonomy,
    Term,
    TermRef,
    UrlScheme,
)

BASE = datetime(2023, 1, 10, 12, 0, tzinfo=UTC)


def make_site(**overrides: object) -> Site:
    categories = Taxonomy(
        name="categories",
        label="Categories",
        hierarchical=True,
        terms=[
            Term(slug="business", name="Business Development"),
            Term(slug="sales", name="Sales", parent="business"),
            Term(slug="referrals", name="Referrals", parent="sales"),
            Term(slug="leadership", name="Leadership"),
            Term(slug="empty", name="Empty"),
        ],
    )
    tags = Taxonomy(
        name="tags",
        terms=[Term(slug=s, name=s.title()) for s in ("common", "rare", "middle", "unused")],
    )
    posts = [
        Post(
            slug="p1", title="One", date=BASE, authors=["ada"], terms={"categories": ["business"], "tags": ["common"]}
        ),
        Post(
            slug="p2",
            title="Two",
            date=BASE + timedelta(days=40),
            authors=["ada"],
            terms={"categories": ["sales"], "tags": ["common", "rare"]},
        ),
        Post(
            slug="p3",
            title="Three",
            date=BASE + timedelta(days=80),
            authors=["bo"],
            terms={"categories": ["referrals", "leadership"], "tags": ["common", "middle"]},
        ),
        Post(
            slug="p4",
            title="Four",
            date=BASE + timedelta(days=400),
            authors=["ada"],
            terms={"categories": ["sales"], "tags": ["common", "middle"]},
        ),
        Post(
            slug="draft",
            title="Draft",
            date=BASE + timedelta(days=10),
            draft=True,
            terms={"categories": ["sales"], "tags": ["rare"]},
        ),
        Post(
            slug="future",
            title="Future",
            date=BASE + timedelta(days=5000),
            terms={"categories": ["sales"], "tags": ["rare"]},
        ),
    ]
    pages = [
        Page(slug="about", title="About"),
        Page(slug="contact", title="Contact", parent="about", weight=2),
        Page(slug="speaking", title="Speaking", parent="about", weight=1),
        Page(slug="topics", title="Topics", parent="about/speaking"),
        Page(slug="books", title="Books"),
    ]
    menu = NavTree(
        name="main",
        items=[
            NavItem(title="Home", url="/"),
            NavItem(
                title="About",
                page="about",
                weight=1,
                children=[
                    NavItem(
                        title="Speaking",
                        page="about/speaking",
                        children=[NavItem(title="Topics", page="about/speaking/topics")],
                    ),
                    NavItem(title="Contact", page="about/contact"),
                ],
            ),
            NavItem(title="Sales", term=TermRef(taxonomy="categories", slug="sales"), weight=2),
            NavItem(title="Four", post="p4", weight=3),
        ],
    )
    defaults: dict[str, object] = dict(  # noqa: C408 (keyword form reads like Site(...))
        title="Practice",
        base_url="https://practice.example",
        timezone="America/Chicago",
        as_of=BASE + timedelta(days=1000),
        authors=[Author(slug="ada", name="Ada"), Author(slug="bo", name="Bo")],
        posts=posts,
        pages=pages,
        taxonomies=[categories, tags],
        menus=[menu],
    )
    defaults.update(overrides)
    return Site(**defaults)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Site:
    return make_site()


def slugs(posts: tuple[Post, ...]) -> list[str]:
    return [p.slug for p in posts]


def test_published_posts_newest_first(site: Site) -> None:
    assert slugs(site.posts_newest_first()) == ["p4", "p3", "p2", "p1"]
    assert slugs(site.posts_newest_first(drafts=True)) == ["p4", "p3", "p2", "draft", "p1"]
    assert slugs(site.posts_newest_first(drafts=True, future=True)) == ["future", "p4", "p3", "p2", "draft", "p1"]


def test_same_date_posts_ordered_by_slug() -> None:
    posts = [Post(slug=s, title=s, date=BASE) for s in ("b", "c", "a")]
    assert slugs(Site(title="x", base_url="https://x.example", posts=posts).posts_newest_first()) == ["a", "b", "c"]


def test_posts_of_a_subtree_are_the_published_posts_with_any_of_its_terms() -> None:
    # A tree three deep, posts with several categories (one post in two branches, drafts
    # and future posts too): each term's subtree against its definition.
    import random

    from coachcontent import demo_path, load_site

    rng = random.Random(7)
    names = ["root", "a", "b", "a1", "a2", "b1", "a1x"]
    parents = {"a": "root", "b": "root", "a1": "a", "a2": "a", "b1": "b", "a1x": "a1"}
    terms = [Term(slug=name, name=name.upper(), parent=parents.get(name)) for name in names]
    posts = [
        Post(
            slug=f"p{n}",
            title=f"P{n}",
            date=BASE + timedelta(days=rng.randrange(60) - 30),
            terms={"categories": rng.sample(names, rng.randrange(4))},
            draft=rng.random() < 0.1,
        )
        for n in range(120)
    ]
    site = Site(
        title="x",
        base_url="https://x.example",
        taxonomies=[Taxonomy(name="categories", label="Categories", hierarchical=True, terms=terms)],
        posts=posts,
        as_of=BASE,
    )
    for name in names:
        subtree = {name, *(term.slug for term in site.term_descendants("categories", name))}
        expected = [post.slug for post in site.posts_newest_first() if subtree & set(post.categories)]
        assert slugs(site.posts_of("categories", name, descendants=True)) == expected, name
    demo = load_site(demo_path())
    for taxonomy in demo.taxonomies:
        for term in taxonomy.terms:
            subtree = {term.slug, *(t.slug for t in demo.term_descendants(taxonomy.name, term.slug))}
            expected = [p.slug for p in demo.posts_newest_first() if subtree & set(p.terms_of(taxonomy.name))]
            assert slugs(demo.posts_of(taxonomy.name, term.slug, descendants=True)) == expected


def test_posts_of_a_term_with_and_without_descendants(site: Site) -> None:
    assert slugs(site.posts_of("categories", "business")) == ["p1"]
    assert slugs(site.posts_of("categories", "business", descendants=True)) == ["p4", "p3", "p2", "p1"]
    assert slugs(site.posts_of("categories", "sales", descendants=True)) == ["p4", "p3", "p2"]
    assert site.term_count("categories", "sales") == 2
    assert site.term_count("categories", "sales", descendants=True) == 3


def test_term_tree_counts(site: Site) -> None:
    tree = site.term_tree("categories")
    summary = [(n.term.name, n.count, n.total, [(c.term.name, c.count, c.total) for c in n.children]) for n in tree]
    assert summary == [
        ("Business Development", 1, 4, [("Sales", 2, 3)]),
        ("Empty", 0, 0, []),
        ("Leadership", 1, 1, []),
    ]
    assert [n.term.slug for n in site.term_tree("categories", hide_empty=True)] == ["business", "leadership"]
    assert tree[0].children[0].children[0].path == "business/sales/referrals"


def test_term_paths_and_ancestry(site: Site) -> None:
    assert site.term_path("categories", "referrals") == "business/sales/referrals"
    assert [t.slug for t in site.term_ancestors("categories", "referrals")] == ["business", "sales"]
    assert [t.slug for t in site.term_descendants("categories", "business")] == ["sales", "referrals"]
    assert site.term_by_path("categories", "business/sales").slug == "sales"
    with pytest.raises(KeyError):
        site.term_by_path("categories", "leadership/sales")


def test_archives_by_month_and_year_in_site_timezone(site: Site) -> None:
    months = [(a.year, a.month, slugs(a.posts)) for a in site.archives()]
    assert months == [(2024, 2, ["p4"]), (2023, 3, ["p3"]), (2023, 2, ["p2"]), (2023, 1, ["p1"])]
    years = [(a.year, a.count) for a in site.archives(monthly=False)]
    assert years == [(2024, 1), (2023, 3)]
    assert slugs(site.posts_in(2023)) == ["p3", "p2", "p1"]
    assert slugs(site.posts_in(2023, 2)) == ["p2"]


def test_local_date_decides_the_archive() -> None:
    late = Post(slug="late", title="Late", date=datetime(2024, 1, 1, 3, 0, tzinfo=UTC))
    site = Site(title="x", base_url="https://x.example", timezone="America/Chicago", posts=[late])
    assert site.url_for(late) == "/2023/12/late/"
    assert [(a.year, a.month) for a in site.archives()] == [(2023, 12)]


def test_previous_and_next_overall_and_within_a_category(site: Site) -> None:
    p2 = site.post("p2")
    assert site.previous_post(p2).slug == "p1"  # type: ignore[union-attr]
    assert site.next_post(p2).slug == "p3"  # type: ignore[union-attr]
    assert site.next_post(site.post("p4")) is None
    assert site.previous_post(site.post("p1")) is None
    within = TermRef(taxonomy="categories", slug="sales")
    assert site.next_post(p2, within=within).slug == "p4"  # type: ignore[union-attr]
    assert site.previous_post(p2, within=within) is None
    assert site.previous_post(site.post("draft")) is None


def test_page_tree_and_ancestors(site: Site) -> None:
    tree = site.page_tree()
    shape = [(n.page.path, [(c.page.path, [g.page.path for g in c.children]) for c in n.children]) for n in tree]
    assert shape == [
        ("about", [("about/speaking", ["about/speaking/topics"]), ("about/contact", [])]),
        ("books", []),
    ]
    assert [p.path for p in site.page_ancestors("about/speaking/topics")] == ["about", "about/speaking"]


def test_urls(site: Site) -> None:
    assert site.url_for(site.post("p2")) == "/2023/02/p2/"
    assert site.url_for(site.page("about/speaking/topics")) == "/about/speaking/topics/"
    assert site.url_for(site.author("ada")) == "/author/ada/"
    assert site.term_url("categories", "referrals") == "/category/business/sales/referrals/"
    assert site.term_url("tags", "rare") == "/tag/rare/"
    assert site.archive_url(2023) == "/2023/"
    assert site.archive_url(2023, 2) == "/2023/02/"
    assert site.paginated_url("/tag/rare/", 1) == "/tag/rare/"
    assert site.paginated_url("/tag/rare/", 3) == "/tag/rare/page/3/"
    assert site.absolute_url("/about/") == "https://practice.example/about/"
    custom = make_site(urls=UrlScheme(post="/blog/{slug}/", category="/topics/{slug}/"))
    assert custom.url_for(custom.post("p1")) == "/blog/p1/"
    assert custom.term_url("categories", "referrals") == "/topics/referrals/"


def test_url_patterns_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        UrlScheme(post="/{year}/{title}/")
    with pytest.raises(ValueError, match="start and end with /"):
        UrlScheme(page="{path}")


def test_menu_trail_marks_the_active_item_and_its_ancestors(site: Site) -> None:
    trail = site.menu_trail("main", "/about/speaking/topics/")
    assert [item.title for item in trail] == ["About", "Speaking", "Topics"]
    assert [item.title for item in site.menu_trail("main", "/category/business/sales/")] == ["Sales"]
    # A page below a menu item's URL marks that item.
    assert [item.title for item in site.menu_trail("main", "/category/business/sales/referrals/")] == ["Sales"]
    assert [item.title for item in site.menu_trail("main", "/")] == ["Home"]
    assert site.menu_trail("main", "/books/") == ()
    assert site.nav_url(site.menu("main").items[3]) == "/2024/02/p4/"


def test_breadcrumbs(site: Site) -> None:
    crumbs = site.breadcrumbs(site.page("about/speaking/topics"))
    assert [(c.title, c.url) for c in crumbs] == [
        ("Home", "/"),
        ("About", "/about/"),
        ("Speaking", "/about/speaking/"),
        ("Topics", "/about/speaking/topics/"),
    ]
    post_crumbs = site.breadcrumbs(site.post("p3"))
    assert [c.title for c in post_crumbs] == ["Home", "Business Development", "Sales", "Referrals", "Three"]
    term_crumbs = site.breadcrumbs(TermRef(taxonomy="categories", slug="sales"))
    assert [c.url for c in term_crumbs] == ["/", "/category/business/", "/category/business/sales/"]


def test_tag_cloud_weights_follow_the_documented_formula(site: Site) -> None:
    # counts among published posts: common 4, middle 2, rare 1; unused 0 is left out
    cloud = site.tag_cloud(steps=5)
    assert [(e.term.slug, e.count, e.weight) for e in cloud] == [
        ("common", 4, 5),
        ("middle", 2, 3),
        ("rare", 1, 1),
    ]
    assert [e.term.slug for e in site.tag_cloud(limit=2)] == ["common", "middle"]


def test_tag_cloud_with_equal_counts_gives_weight_one() -> None:
    tags = Taxonomy(name="tags", terms=[Term(slug="a", name="A"), Term(slug="b", name="b")])
    posts = [Post(slug="x", title="X", date=BASE, terms={"tags": ["a", "b"]})]
    site = Site(title="x", base_url="https://x.example", posts=posts, taxonomies=[tags])
    assert [(e.term.slug, e.weight) for e in site.tag_cloud()] == [("a", 1), ("b", 1)]


def test_lookups_raise_key_error_for_unknown_keys(site: Site) -> None:
    with pytest.raises(KeyError):
        site.post("nope")
    with pytest.raises(KeyError):
        site.page("nope")
    with pytest.raises(KeyError):
        site.term("tags", "nope")


def test_site_is_picklable_and_keeps_its_indexes(site: Site) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(site))
    assert slugs(again.posts_newest_first()) == slugs(site.posts_newest_first())
    assert again.zone.key == "America/Chicago"
