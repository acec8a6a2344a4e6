"""Property tests (Hypothesis): invariants that must hold for any input, not only the ones we thought of.

- slugs are valid, stable and unique for any titles in any order;
- category trees, page trees and menus from random parent links either
  validate or fail with a clear error, and never loop;
- the summary of any HTML is well-formed and a prefix of its text;
- no URL check lets a scheme other than http, https or mailto through,
  however it is cased, spaced or interrupted by control characters;
- share URLs decode back to their input (coachcontent-share);
- feeds of random sites parse and validate (coachcontent-feeds, when installed).

Each test is bounded (``max_examples``) so the whole module runs in well under a minute.
"""

from __future__ import annotations

import html
import json
import random
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coachcontent

AS_OF = datetime(2030, 1, 1, tzinfo=UTC)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FOLDER_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
NO_PLUGINS = coachcontent.PluginSelection(enabled=[])

# Text as people type it: any character but controls, surrogates and the
# line/paragraph separators (a title is one line).
title_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")


class TookTooLong(Exception):
    pass


@contextmanager
def no_longer_than(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when the code under test loops."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TookTooLong(f"still running after {seconds}s: a loop?")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def toml_string(value: str) -> str:
    # JSON strings without ASCII escaping are valid TOML basic strings.
    return json.dumps(value, ensure_ascii=False)


def write_site(root: Path, extra_toml: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(
        '[site]\ntitle = "Harbour Coaching"\nurl = "https://harbour.example"\n' + extra_toml, encoding="utf-8"
    )
    return root


# -- slugs --------------------------------------------------------------------------------------------------


@SETTINGS
@given(st.text(max_size=200))
def test_make_slug_is_always_a_valid_stable_slug(text: str) -> None:
    slug = coachcontent.make_slug(text)
    assert SLUG.fullmatch(slug)
    assert len(slug) <= 80
    assert coachcontent.make_slug(text) == slug
    assert coachcontent.make_slug(slug) == slug  # a slug is its own slug


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=20), st.booleans()),
        max_size=30,
        unique_by=lambda item: item[0],
    ),
    st.randoms(use_true_random=False),
)
def test_unique_slugs_are_unique_and_do_not_depend_on_order(items: list[tuple[str, bool]], rnd: random.Random) -> None:
    wanted = [(name, coachcontent.make_slug(name), explicit) for name, explicit in items]
    result, clashes = coachcontent.unique_slugs(wanted)
    shuffled = list(wanted)
    rnd.shuffle(shuffled)
    assert coachcontent.unique_slugs(shuffled)[0] == result
    assert set(result) == {name for name, _, _ in wanted}
    assert all(SLUG.fullmatch(slug) for slug in result.values())
    explicit_clashes = {second for _, second in clashes}
    kept = [slug for name, slug in result.items() if name not in explicit_clashes]
    assert len(kept) == len(set(kept))  # unique, apart from explicit slugs reported as clashing
    for name, slug, explicit in wanted:
        if explicit:
            assert result[name] == slug  # an explicit slug is never changed
        else:
            assert re.fullmatch(re.escape(slug) + r"(-\d+)?", result[name])


@FOLDER_SETTINGS
@given(st.lists(title_text, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_post_slugs_from_any_titles_through_the_loader(
    tmp_path_factory: pytest.TempPathFactory, titles: list[str], rnd: random.Random
) -> None:
    """Posts with any titles (clashing ones included) load with valid, unique slugs that do not
    depend on the order the files were written in."""
    slugs = []
    for attempt in range(2):
        root = write_site(tmp_path_factory.mktemp("slugs"))
        posts = root / "content" / "posts"
        posts.mkdir(parents=True)
        order = list(enumerate(titles))
        if attempt:
            rnd.shuffle(order)
        for number, title in order:
            (posts / f"post-{number}.md").write_text(
                f"+++\ntitle = {toml_string(title)}\ndate = 2021-05-0{number % 9 + 1}\n+++\nText.\n", encoding="utf-8"
            )
        site = coachcontent.load_site(root, selection=NO_PLUGINS, as_of=AS_OF)
        by_file = {post.source_path: post for post in site.posts}
        assert [by_file[f"content/posts/post-{n}.md"].title for n in range(len(titles))] == [t.strip() for t in titles]
        slugs.append({path: post.slug for path, post in by_file.items()})
    assert slugs[0] == slugs[1]
    assert len(set(slugs[0].values())) == len(titles)
    assert all(SLUG.fullmatch(slug) for slug in slugs[0].values())


# -- trees from random parent links ---------------------------------------------------------------------------


def _cycle_members(parents: dict[int, int | None]) -> set[int]:
    members: set[int] = set()
    for start in parents:
        seen: list[int] = []
        node: int | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = parents.get(node)
        if node is not None:
            members.update(seen[seen.index(node) :])
    return members


parent_links = st.integers(min_value=1, max_value=12).flatmap(
    lambda n: st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=n)), min_size=n, max_size=n)
)


@SETTINGS
@given(parent_links)
def test_term_trees_from_random_parents_validate_or_name_the_problem(links: list[int | None]) -> None:
    """Terms whose parent is any other term (itself, a missing one, a cycle): a Site or InvalidSiteError."""
    terms = [
        coachcontent.Term(slug=f"t{i}", name=f"Term {i}", parent=None if parent is None else f"t{parent}")
        for i, parent in enumerate(links)
    ]
    taxonomy = coachcontent.Taxonomy(name="categories", hierarchical=True, terms=terms)
    parents = dict(enumerate(links))
    looping = _cycle_members({i: p if p is not None and p < len(links) else None for i, p in parents.items()})
    missing = {i for i, p in parents.items() if p is not None and p >= len(links)}
    with no_longer_than(5):
        try:
            site = coachcontent.Site(title="T", base_url="https://t.example", taxonomies=[taxonomy])
        except coachcontent.InvalidSiteError as error:
            assert looping or missing
            messages = [str(problem) for problem in error.problems]
            assert all(problem.field == "parent" for problem in error.problems)
            assert bool(looping) == any("form a cycle" in message for message in messages)
            for i in missing:
                assert f"term:categories:t{i}: parent: no term 't{links[i]}' in 'categories'" in messages
            return
        assert not looping and not missing
        tree = site.term_tree("categories")
    seen: list[str] = []

    def walk(nodes: tuple[coachcontent.TermNode, ...], depth: int) -> None:
        for node in nodes:
            assert depth <= len(links)
            seen.append(node.term.slug)
            assert node.path.split("/")[-1] == node.term.slug
            walk(node.children, depth + 1)

    walk(tree, 0)
    assert sorted(seen) == sorted(term.slug for term in terms)  # every term exactly once


@FOLDER_SETTINGS
@given(parent_links)
def test_category_parents_in_site_toml_load_or_report_with_lines(
    tmp_path_factory: pytest.TempPathFactory, links: list[int | None]
) -> None:
    toml = "".join(
        f'\n[[taxonomies.categories.terms]]\nname = "Term {i}"\n'
        + ("" if parent is None else f'parent = "Term {parent}"\n')
        for i, parent in enumerate(links)
    )
    root = write_site(tmp_path_factory.mktemp("terms"), toml)
    with no_longer_than(10):
        try:
            site = coachcontent.load_site(root, selection=NO_PLUGINS, as_of=AS_OF)
        except coachcontent.ContentErrors as errors:
            assert errors.errors
            for error in errors.errors:
                assert error.path == "site.toml"
                assert re.fullmatch(r"taxonomies\.categories\.terms\[\d+\]\.parent", error.field)
                assert error.message.startswith(("no categories term", "the parents of 'categories' form a cycle"))
                assert error.line > 1
            return
        assert len(site.taxonomy("categories").terms) == len(links)
        site.term_tree("categories")


page_paths = st.lists(
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4).map("/".join),
    min_size=1,
    max_size=12,
    unique=True,
)


@SETTINGS
@given(page_paths)
def test_page_trees_from_random_paths_validate_or_name_the_missing_parent(paths: list[str]) -> None:
    pages = [
        coachcontent.Page(slug=path.rsplit("/", 1)[-1], parent=path.rpartition("/")[0] or None, title=f"Page {path}")
        for path in paths
    ]
    with no_longer_than(5):
        try:
            site = coachcontent.Site(title="T", base_url="https://t.example", pages=pages)
        except coachcontent.InvalidSiteError as error:
            orphans = {p for p in paths if "/" in p and p.rpartition("/")[0] not in paths}
            assert orphans
            assert {problem.subject for problem in error.problems} == {f"page:{p}" for p in orphans}
            return
        tree = site.page_tree()
        for page in site.pages:
            crumbs = site.breadcrumbs(page)
            assert len(crumbs) == page.depth + 2
    count = 0

    def walk(nodes: tuple[coachcontent.PageNode, ...]) -> None:
        nonlocal count
        for node in nodes:
            count += 1
            walk(node.children)

    walk(tree)
    assert count == len(paths)


menu_targets = st.sampled_from(
    [
        ("page", "about"),
        ("page", "missing"),
        ("post", "first-post"),
        ("post", "no-such-post"),
        ("category", "Leadership"),
        ("category", "Nothing"),
        ("url", "https://harbour.example/x/"),
        ("url", "javascript:alert(1)"),
        ("url", "/contact/"),
        ("none", ""),
    ]
)


def menu_items(depth: int, min_size: int = 0) -> st.SearchStrategy[list[dict[str, object]]]:
    item = st.fixed_dictionaries(
        {"target": menu_targets, "title": st.one_of(st.none(), title_text)},
        optional={"children": menu_items(depth - 1)} if depth > 0 else {},
    )
    return st.lists(item, min_size=min_size, max_size=4)


def menu_toml(items: list[dict[str, object]], prefix: str) -> str:
    text = ""
    for item in items:
        text += f"\n[[{prefix}]]\n"
        kind, value = item["target"]  # type: ignore[misc]
        if kind != "none":
            text += f"{kind} = {toml_string(value)}\n"
        if item["title"] is not None:
            text += f"title = {toml_string(item['title'])}\n"  # type: ignore[arg-type]
        text += menu_toml(item.get("children", []), f"{prefix}.children")  # type: ignore[arg-type]
    return text


def count_items(items: list[dict[str, object]]) -> int:
    return sum(1 + count_items(item.get("children", [])) for item in items)  # type: ignore[arg-type]


@FOLDER_SETTINGS
@given(menu_items(3, min_size=1))
def test_random_menus_load_or_report_each_bad_item(
    tmp_path_factory: pytest.TempPathFactory, items: list[dict[str, object]]
) -> None:
    toml = '\n[[taxonomies.categories.terms]]\nname = "Leadership"\n' + menu_toml(items, "menus.main.items")
    root = write_site(tmp_path_factory.mktemp("menus"), toml)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nHello.\n", encoding="utf-8")
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "2021-01-01-first-post.md").write_text(
        "---\ntitle: First post\n---\nHi.\n", encoding="utf-8"
    )
    with no_longer_than(10):
        try:
            site = coachcontent.load_site(root, selection=NO_PLUGINS, as_of=AS_OF)
        except coachcontent.ContentErrors as errors:
            for error in errors.errors:
                assert error.path == "site.toml"
                assert error.field.startswith("menus.main.items[")
                assert error.line > 1
            return
        menu = site.menu("main")
        assert sum(1 for _ in menu.walk()) == count_items(items)
        for item in menu.walk():
            url = site.nav_url(item)
            assert accepted_as_link(url)
            trail = site.menu_trail("main", url)
            assert trail and trail[-1].title
        assert site.menu_trail("main", "/somewhere/else/") is not None


# -- summaries --------------------------------------------------------------------------------------------------

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=30
)


def html_tree(depth: int) -> st.SearchStrategy[str]:
    leaf = words.map(lambda text: html.escape(text, quote=False))
    if depth == 0:
        return leaf
    inner = st.lists(html_tree(depth - 1), max_size=4).map("".join)
    return st.one_of(
        leaf,
        st.tuples(
            st.sampled_from(["p", "em", "strong", "blockquote", "li", "h2", "code", "span", "script", "style"]), inner
        ).map(lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>"),
        st.tuples(words, inner).map(lambda pair: f'<a href="/x/?q={html.escape(pair[0])}">{pair[1]}</a>'),
        st.sampled_from(["<br>", '<img src="/a.png" alt="a">', "<hr>", "<!-- note -->"]),
        inner.map(lambda text: f"<ul><li>{text}</li></ul>"),
    )


VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _text(source: str) -> str:
    """The visible text of ``source``, whitespace collapsed (scripts and styles are not text)."""
    if not source.strip():
        return ""
    root = lxml.html.fragment_fromstring(source, create_parent="div")
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    return " ".join(root.text_content().split())


@SETTINGS
@given(st.lists(html_tree(3), max_size=4).map("".join), st.integers(min_value=1, max_value=60))
def test_summary_is_well_formed_and_a_prefix_of_the_text(source: str, count: int) -> None:
    summary = coachcontent.make_summary(source, count)
    if not summary:
        assert not source.strip() or not _text(source)
        return
    # Well-formed: every element that is not void has its end tag (none was left open by the cut).
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element is not root and element.tag not in VOID:
            assert summary.count(f"<{element.tag}") <= summary.count(f"</{element.tag}>"), element.tag
    text = _text(summary)
    full = _text(source)
    cut = text.endswith("\u2026")
    body = text.removesuffix("\u2026").rstrip()
    assert full.startswith(body)
    assert len(body.split()) <= count
    if not cut:
        assert body == full


@SETTINGS
@given(st.text(max_size=300), st.integers(min_value=1, max_value=30))
def test_summary_of_any_text_never_fails(source: str, count: int) -> None:
    """Tag soup, stray ``<`` and ``&``, control characters: a summary, never an exception."""
    summary = coachcontent.make_summary(source, count)
    lxml.html.fragment_fromstring(summary or "x", create_parent="div")


# -- URL schemes ----------------------------------------------------------------------------------------------

DANGEROUS = ["javascript", "vbscript", "data", "file", "jar", "livescript", "view-source", "blob", "ftp", "intent"]
noise = st.sampled_from(["", "", "", " ", "\t", "\n", "\r", "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\u00a0", "\u200b"])


@st.composite
def disguised_schemes(draw: st.DrawFn) -> str:
    """``javascript:`` and friends, recased and interrupted the ways browsers forgive."""
    scheme = draw(st.sampled_from(DANGEROUS))
    letters = [draw(noise) + (c.upper() if draw(st.booleans()) else c) for c in scheme]
    return (
        draw(noise) + "".join(letters) + draw(noise) + ":" + draw(st.sampled_from(["alert(1)", "//x", "text/html,hi"]))
    )


@st.composite
def browser_disguises(draw: st.DrawFn) -> str:
    """Dangerous schemes written so that browsers still read them as the scheme
    (leading controls and spaces are trimmed, tabs and line breaks dropped)."""
    scheme = draw(st.sampled_from(DANGEROUS))
    inside = st.sampled_from(["", "", "\t", "\n", "\r"])
    letters = [draw(inside) + (c.upper() if draw(st.booleans()) else c) for c in scheme]
    lead = draw(st.sampled_from(["", " ", "\t", "\x01", "\x1f", "\n "]))
    return lead + "".join(letters) + draw(inside) + ":" + draw(st.sampled_from(["alert(1)", "//x", "text/html,hi"]))


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would use (WHATWG URL: trim C0 controls and space, drop tab and newlines)."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub(r"[\t\n\r]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def accepted_as_link(value: str) -> bool:
    try:
        coachcontent.Link(title="x", url=value)
    except ValueError:
        return False
    return True


def accepted_as_canonical_url(value: str) -> bool:
    try:
        coachcontent.Post(slug="p", title="x", date=AS_OF, canonical_url=value)
    except ValueError:
        return False
    return True


def accepted_as_alias(value: str) -> bool:
    try:
        coachcontent.Post(slug="p", title="x", date=AS_OF, aliases=[value])
    except ValueError:
        return False
    return True


@SETTINGS
@given(st.one_of(disguised_schemes(), st.text(max_size=40)))
def test_url_checks_never_accept_another_scheme(value: str) -> None:
    """Links, menu URLs, logos, images (site paths allowed) and canonical URLs (absolute only)."""
    for accepted, relative in ((accepted_as_link(value), True), (accepted_as_canonical_url(value), False)):
        if accepted:
            assert browser_scheme(value) in {"http", "https", "mailto"} or (relative and value.startswith("/"))
            assert value == value.strip() and not re.search(r"[\x00-\x1f\x7f]", value)
    if accepted_as_alias(value):
        assert value.startswith("/") and not value.startswith("//")
        assert browser_scheme(value) is None


NAMED = {":": "&colon;", "\t": "&Tab;", "\n": "&NewLine;", "(": "&lpar;", "/": "&sol;", ".": "&period;"}


def entity(char: str, style: int) -> str:
    """``char`` as itself or as one of the character references a browser decodes in an attribute."""
    forms = [char, f"&#{ord(char)};", f"&#x{ord(char):x};", f"&#X{ord(char):X};", f"&#0000{ord(char)};"]
    forms.append(NAMED.get(char, html.escape(char)))
    return forms[style] if char.isalnum() or char in NAMED else html.escape(char)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(browser_disguises(), st.data())
def test_body_links_with_disguised_schemes_are_caught(
    tmp_path_factory: pytest.TempPathFactory, value: str, data: st.DataObject
) -> None:
    """A post whose HTML body links to a disguised scheme is refused by the loader."""
    encoded = "".join(entity(char, data.draw(st.integers(min_value=0, max_value=5))) for char in value)
    attribute = data.draw(
        st.sampled_from(["a href", "img src", "form action", "iframe src", "object data", "video poster"])
    )
    tag, name = attribute.split()
    body = f'<p>Read <{tag} {name}="{encoded}">this</{tag}>.</p>'
    assert browser_scheme(value) in DANGEROUS
    root = write_site(tmp_path_factory.mktemp("links"))
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "2021-01-01-links.html").write_text(
        f"---\ntitle: Links\n---\n{body}\n", encoding="utf-8"
    )
    with pytest.raises(coachcontent.ContentErrors) as info:
        coachcontent.load_site(root, selection=NO_PLUGINS, as_of=AS_OF)
    messages = [str(error) for error in info.value.errors]
    assert any(": body: link to " in message for message in messages) or any(
        ": text: control character" in message for message in messages
    ), (body, messages)


# -- share URLs (coachcontent-share) ---------------------------------------------------------------------------------


@SETTINGS
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80).filter(
        lambda t: t.strip() != ""
    ),
    st.lists(st.sampled_from(["Trust", "Leading teams", "C#", "日本語", "a&b"]), max_size=3, unique=True),
)
def test_share_urls_decode_back_to_their_input(title: str, tags: list[str]) -> None:
    import coachcontent_share

    post = coachcontent.Post(
        slug="a-post",
        title=title,
        date=datetime(2021, 5, 4, 10, tzinfo=UTC),
        terms={"tags": [coachcontent.make_slug(t) for t in tags]},
    )
    site = coachcontent.Site(
        title="Harbour Coaching",
        base_url="https://harbour.example",
        posts=[post],
        taxonomies=[
            coachcontent.Taxonomy(
                name="tags", terms=[coachcontent.Term(slug=coachcontent.make_slug(t), name=t) for t in tags]
            )
        ],
        config={"share": {"networks": ["x", "reddit", "hackernews", "telegram", "email", "whatsapp", "threads"]}},
    )
    page_url = "https://harbour.example/2021/05/a-post/"
    links = {link.network: link.url for link in coachcontent_share.share_links(site, post)}
    assert set(links) == {"x", "reddit", "hackernews", "telegram", "email", "whatsapp", "threads"}

    def query(url: str) -> dict[str, list[str]]:
        parts = urlsplit(url)
        assert " " not in url and "\n" not in url
        return parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)

    assert query(links["reddit"]) == {"url": [page_url], "title": [title]}
    assert query(links["hackernews"]) == {"u": [page_url], "t": [title]}
    assert query(links["telegram"]) == {"url": [page_url], "text": [title]}
    assert query(links["x"])["text"] == [title]
    assert query(links["x"])["url"] == [page_url]
    assert query(links["threads"])["text"] == [title]
    assert query(links["whatsapp"])["text"] == [f"{title} {page_url}"]
    assert query(links["email"])["subject"] == [title]
    assert links["email"].startswith("mailto:?")


# -- feeds of random sites (coachcontent-feeds) -----------------------------------------------------------------------

SCHEMAS = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@st.composite
def random_sites(draw: st.DrawFn) -> coachcontent.Site:
    count = draw(st.integers(min_value=0, max_value=6))
    titles = draw(st.lists(title_text, min_size=count, max_size=count))
    start = datetime(2020, 1, 1, tzinfo=UTC)
    posts = []
    for number, title in enumerate(titles):
        body = html.escape(draw(words), quote=False)
        posts.append(
            coachcontent.Post(
                slug=f"post-{number}",
                title=title,
                body=f"<p>{body}</p>",
                summary=f"<p>{body[:40]}</p>",
                date=start + timedelta(days=draw(st.integers(min_value=0, max_value=2000))),
                terms={"tags": ["trust"]} if number % 2 else {},
                authors=["ines"],
            )
        )
    return coachcontent.Site(
        title=draw(title_text),
        base_url="https://harbour.example",
        authors=[coachcontent.Author(slug="ines", name=draw(title_text))],
        posts=posts,
        taxonomies=[coachcontent.Taxonomy(name="tags", terms=[coachcontent.Term(slug="trust", name=draw(title_text))])],
        as_of=AS_OF,
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(random_sites())
def test_feeds_of_random_sites_parse(tmp_path_factory: pytest.TempPathFactory, site: coachcontent.Site) -> None:
    import feedparser
    import jsonschema
    from lxml import etree

    out = tmp_path_factory.mktemp("feeds") / "public"
    coachcontent.build_site(site, out, selection=coachcontent.PluginSelection(enabled=["feeds"]))
    feeds = [p for p in out.rglob("*") if p.suffix in (".xml", ".json") and not p.name.startswith(".")]
    assert feeds
    atom_schema = json_schema = None
    if SCHEMAS.is_dir():  # the shared schemas beside the repository (see ../shared/schemas/README.md)
        atom_schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom-rfc4287.rng")))
        json_schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    for path in feeds:
        data = path.read_bytes()
        if path.suffix == ".json":
            document = json.loads(data)
            if json_schema is not None:
                jsonschema.validate(document, json_schema)
            continue
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        if atom_schema is not None and tree.tag == "{http://www.w3.org/2005/Atom}feed":
            assert atom_schema.validate(tree), atom_schema.error_log
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        titles = tree.xpath("/rss/channel/item/title/text() | /atom:feed/atom:entry/atom:title/text()", namespaces=ATOM)
        wanted = {p.title for p in site.posts} | {" ".join(p.title.split()) for p in site.posts}
        assert set(titles) <= wanted  # each entry's title, exactly as written (the whole site's feed has them all)
        if path.name == "feed.xml" and path.parent == out:
            assert len(titles) == len(site.posts)
