"""Model invariants: validators, ordering, references and trees."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from coachcontent import (
    Author,
    InvalidSiteError,
    Link,
    LinkList,
    NavItem,
    NavTree,
    Page,
    Post,
    ShareLink,
    Site,
    SocialProfile,
    Taxonomy,
    Term,
    TermRef,
)

WHEN = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def post(slug: str = "hello", **kwargs: object) -> Post:
    return Post(slug=slug, title=kwargs.pop("title", slug.title()), date=kwargs.pop("date", WHEN), **kwargs)  # type: ignore[arg-type]


def site(**kwargs: object) -> Site:
    return Site(title="Example", base_url="https://example.com/", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["Hello", "a--b", "-a", "a-", "../../etc/x", "a/b", "", "ü"])
def test_slug_validator_refuses_non_slugs(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a slug"):
        post(slug=bad)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
        "//evil.example/x",
        "ftp://files.example/",
        "https://",
        "file:///etc/passwd",
    ],
)
def test_only_http_https_mailto_and_site_paths(url: str) -> None:
    with pytest.raises(ValueError, match="url"):
        NavItem(title="x", url=url)


@pytest.mark.parametrize("url", ["https://example.com/a?b=c#d", "http://x.example", "mailto:me@example.com", "/about/"])
def test_allowed_urls(url: str) -> None:
    assert NavItem(title="x", url=url).url == url


def test_dates_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        post(date=datetime(2024, 1, 1))


def test_models_are_frozen_hashable_and_evolve() -> None:
    original = post(terms={"tags": ["a", "b"]}, extra={"audio": {"url": "https://x.example/a.mp3"}})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        original.title = "changed"  # type: ignore[misc]
    changed = attrs.evolve(original, title="Changed")
    assert changed.title == "Changed"
    assert original.title == "Hello"
    assert {original: 1}[post(terms={"tags": ("a", "b")})] == 1
    assert original.extra["audio"]["url"] == "https://x.example/a.mp3"
    assert original.tags == ("a", "b")
    # Mapping.get, as templates call it too: positional or keyword default.
    assert original.extra.get("missing") is None
    assert original.extra.get("missing", 1) == original.extra.get("missing", default=1) == 1
    assert original.extra.get("audio")["url"] == "https://x.example/a.mp3"


def test_nav_item_points_at_exactly_one_target() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        NavItem(title="Two", page="about", url="/about/")
    with pytest.raises(ValueError, match="exactly one"):
        NavItem(title="None")


def test_menu_items_ordered_by_weight_then_title() -> None:
    menu = NavTree(
        name="main",
        items=[
            NavItem(title="beta", url="/b/"),
            NavItem(title="Alpha", url="/a/"),
            NavItem(title="Zulu", url="/z/", weight=-1),
        ],
    )
    assert [item.title for item in menu.items] == ["Zulu", "Alpha", "beta"]


def test_link_lists_are_sorted_and_validated() -> None:
    links = LinkList(slug="blogroll", title="Blogroll", links=[Link(title="b", url="/b/"), Link(title="A", url="/a/")])
    assert [link.title for link in links.links] == ["A", "b"]
    with pytest.raises(ValueError):
        Link(title="bad", url="javascript:void(0)")


def test_social_and_share_links() -> None:
    profile = SocialProfile(network="linkedin", url="https://www.linkedin.com/in/x")
    assert profile.display_label == "LinkedIn"
    share = ShareLink(network="x", label="X", url="https://x.com/intent/post?text=a%20b")
    assert share.rel == "noopener"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidSiteError) as info:
        site(
            posts=[post(authors=["ghost"], terms={"tags": ["missing"], "nope": ["x"]})],
            pages=[Page(slug="child", title="Child", parent="nowhere")],
            menus=[NavTree(name="main", items=[NavItem(title="Gone", page="gone"), NavItem(title="P", post="nope")])],
        )
    problems = {str(problem) for problem in info.value.problems}
    assert problems == {
        "post:hello: authors: no author 'ghost'",
        "post:hello: tags: no term 'missing' in 'tags'",
        "post:hello: nope: no taxonomy 'nope' is declared",
        "page:nowhere/child: parent: no page 'nowhere'",
        "menu:main:0: page: no page 'gone'",
        "menu:main:1: post: no post 'nope'",
    }


def test_term_cycle_is_found() -> None:
    categories = Taxonomy(
        name="categories",
        hierarchical=True,
        terms=[
            Term(slug="a", name="A", parent="b"),
            Term(slug="b", name="B", parent="c"),
            Term(slug="c", name="C", parent="a"),
            Term(slug="d", name="D", parent="a"),
        ],
    )
    with pytest.raises(InvalidSiteError) as info:
        site(taxonomies=[categories])
    assert [str(p) for p in info.value.problems] == [
        "term:categories:a: parent: the parents of 'categories' form a cycle: a → b → c → a"
    ]


def test_flat_taxonomy_terms_have_no_parents() -> None:
    tags = Taxonomy(name="tags", terms=[Term(slug="a", name="A"), Term(slug="b", name="B", parent="a")])
    with pytest.raises(InvalidSiteError, match="is flat"):
        site(taxonomies=[tags])


def test_duplicates_are_refused() -> None:
    with pytest.raises(InvalidSiteError, match="duplicate post 'hello'"):
        site(posts=[post(), post()])
    with pytest.raises(InvalidSiteError, match="duplicate author 'a'"):
        site(authors=[Author(slug="a", name="A"), Author(slug="a", name="B")])


def test_alias_claimed_twice() -> None:
    with pytest.raises(InvalidSiteError, match="also an alias of post:one"):
        site(posts=[post("one", aliases=["/old/"]), post("two", aliases=["/old/"])])


def test_aliases_must_be_clean_site_paths() -> None:
    with pytest.raises(ValueError, match=r"\.\."):
        post(aliases=["/a/../../etc/"])


def test_default_taxonomies_exist_and_can_be_relabelled() -> None:
    plain = site()
    assert [t.name for t in plain.taxonomies] == ["categories", "tags"]
    relabelled = site(taxonomies=[Taxonomy(name="tags", label="Keywords")])
    assert relabelled.taxonomy("tags").label == "Keywords"
    assert relabelled.taxonomy("categories").hierarchical


def test_site_base_url_and_timezone_are_checked() -> None:
    with pytest.raises(ValueError, match="base_url"):
        Site(title="x", base_url="ftp://example.com")
    with pytest.raises(ValueError, match="unknown timezone"):
        Site(title="x", base_url="https://example.com", timezone="Mars/Olympus")
    assert site().base_url == "https://example.com"


def test_term_ref_str() -> None:
    assert str(TermRef(taxonomy="categories", slug="sales")) == "categories:sales"


def test_alias_colliding_with_a_real_url() -> None:
    with pytest.raises(InvalidSiteError) as info:
        site(posts=[post("one"), post("two", aliases=["/2024/05/one/"])])
    assert [str(p) for p in info.value.problems] == ["post:two: aliases: '/2024/05/one/' is the URL of post:one"]


def test_two_entries_with_one_url() -> None:
    from coachcontent import UrlScheme

    with pytest.raises(InvalidSiteError) as info:
        site(urls=UrlScheme(post="/{slug}/"), posts=[post("about")], pages=[Page(slug="about", title="About")])
    assert [str(p) for p in info.value.problems] == ["page:about: slug: its URL /about/ is also the URL of post:about"]
