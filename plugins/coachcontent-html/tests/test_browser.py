"""The demo site in a real browser: keyboard menus, search, accessibility, screenshots.

Drives Debian's Chromium (``/usr/bin/chromium``) with Playwright; Playwright never
downloads a browser here.  axe-core comes from npm into a cache folder on first use.
Without Chromium the tests are skipped, except on CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import lxml.html
import pytest

import coachcontent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_VERSION = "4"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail on CI, where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


class Share:
    """A share plugin as coachcontent-share would be, so the post page has its share section."""

    @coachcontent.hookimpl
    def coachcontent_share_links(self, site, entry):
        url = site.absolute_url(site.url_for(entry))
        return [
            coachcontent.ShareLink(
                network="linkedin", label="LinkedIn", url=f"https://www.linkedin.com/sharing/share-offsite/?url={url}"
            ),
            coachcontent.ShareLink(network="email", label="E-mail", url=f"mailto:?body={url}"),
        ]


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[coachcontent.Site, Path]:
    site = coachcontent.load_site(coachcontent.demo_path())
    out = tmp_path_factory.mktemp("demo") / "site"
    selection = coachcontent.PluginSelection(enabled=["html"], extra=[Share()])
    coachcontent.build_site(site, out, selection=selection)
    return site, out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(out: Path) -> Iterator[str]:
    """A local web server for the built site in ``out``: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(demo_build: tuple[coachcontent.Site, Path]) -> Iterator[str]:
    with serve(demo_build[1]) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    cache = Path(os.environ.get("COACHCONTENT_TEST_CACHE", Path.home() / ".cache" / "coachcontent-tests"))
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm is missing, so axe-core cannot be installed (apt-get install npm)")
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache), f"axe-core@{AXE_VERSION}"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return script


def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector))


def tab_to(page: Any, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


TOP_PARENT = ".site-nav .menu-level-1 > li.has-children > a"
NESTED_PARENT = ".site-nav .menu-level-2 > li.has-children > a"


def test_keyboard_opens_nested_submenus(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    submenus = page.locator(".site-nav .menu-level-2")
    assert submenus.count() >= 5
    assert all(not submenus.nth(i).is_visible() for i in range(submenus.count()))
    tab_to(page, TOP_PARENT)
    item = page.locator(".site-nav .menu-level-1 > li.has-children:focus-within")
    assert item.locator(":scope > .menu-list").is_visible()
    # The script keeps the toggle's aria-expanded true to what is shown.
    assert item.locator(":scope > .submenu-toggle").get_attribute("aria-expanded") == "true"
    first_child = item.locator(":scope > .menu-list > li > a").first
    tab_to(page, ".site-nav .menu-level-2 > li > a")
    assert first_child.is_visible()
    # Deeper: a second-level item with children opens the third level.
    tab_to(page, NESTED_PARENT)
    nested = page.locator(".site-nav .menu-level-2 > li.has-children:focus-within")
    third = nested.locator(":scope > .menu-level-3")
    assert third.is_visible()
    tab_to(page, ".site-nav .menu-level-3 > li > a")
    active = page.evaluate("document.activeElement.textContent")
    assert third.locator("a", has_text=active).is_visible()
    # Escape closes the submenu and returns focus to its parent link.
    page.keyboard.press("Escape")
    assert focused(page, NESTED_PARENT)
    assert not third.is_visible()


def test_submenus_open_by_keyboard_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        assert page.locator(".submenu-toggle").first.is_hidden()
        tab_to(page, TOP_PARENT)
        item = page.locator(".site-nav .menu-level-1 > li.has-children:focus-within")
        assert item.locator(":scope > .menu-list").is_visible()
        page.keyboard.press("Tab")
        assert focused(page, ".site-nav .menu-level-2 > li > a")
    finally:
        context.close()


def test_toggle_button_closes_and_opens_a_submenu(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    tab_to(page, ".site-nav .menu-level-1 > li.has-children > .submenu-toggle")
    button = page.locator(".site-nav .menu-level-1 > li.has-children > .submenu-toggle:focus")
    controlled = page.locator("#" + button.get_attribute("aria-controls"))
    # Focus inside the item shows its submenu, and the button says so.
    assert controlled.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert not controlled.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert controlled.is_visible()
    assert button.get_attribute("aria-expanded") == "true"


def test_hover_opens_a_submenu(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    parent = page.locator(".site-nav .menu-level-1 > li.has-children").nth(1)
    submenu = parent.locator(":scope > .menu-list")
    assert not submenu.is_visible()
    parent.locator(":scope > a").hover()
    assert submenu.is_visible()
    assert parent.locator(":scope > .submenu-toggle").get_attribute("aria-expanded") == "true"
    page.mouse.move(5, 880)
    assert not submenu.is_visible()


def test_active_trail_is_marked_in_the_browser(page: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    url = site.url_for(site.page("coaching/executive/transitions"))
    page.goto(base_url + url)
    marked = page.locator(".site-nav a[aria-current]")
    hrefs = [marked.nth(i).get_attribute("href") for i in range(marked.count())]
    assert hrefs == ["/coaching/", "/coaching/executive/", url]


def unique_body_word(out: Path) -> tuple[str, str]:
    """A word of one post's body (not in its title or summary) that appears nowhere in any
    other entry, not even inside a longer word, and that post's title."""
    entries = json.loads((out / "search-index.json").read_text(encoding="utf-8"))["entries"]
    texts = [
        " ".join([entry["title"], entry["summary"], " ".join(entry["tags"]), entry["words"]]).lower()
        for entry in entries
    ]
    for position, entry in enumerate(entries):
        if "date" not in entry:
            continue
        for word in entry["words"].split():
            if not (word.isascii() and word.isalpha() and len(word) > 6):
                continue
            if not any(word in text for other, text in enumerate(texts) if other != position):
                return word, entry["title"]
    raise AssertionError("no post has a word of its own")


def test_search_box_finds_a_post_by_a_word_in_its_body(page: Any, base_url: str, demo_build) -> None:
    _, out = demo_build
    word, title = unique_body_word(out)
    page.goto(base_url + "/")
    box = page.locator(".sidebar input[type=search]")
    box.fill(word)
    results = page.locator(".sidebar .search-results .search-hits a")
    results.first.wait_for(timeout=5000)
    assert [results.nth(i).text_content() for i in range(results.count())] == [title]
    assert "1 result" in page.locator(".sidebar .search-status").text_content()
    results.first.click()
    page.wait_for_load_state()
    assert page.locator("main h1").text_content() == title


def test_search_submit_answers_from_the_index_on_any_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/about/")
    box = page.locator(".sidebar input[type=search]")
    box.fill("delegation")
    box.press("Enter")
    page.locator(".sidebar .search-hits a").first.wait_for(timeout=5000)
    assert page.url == base_url + "/about/"  # answered in the page, not by the web search
    titles = page.locator(".sidebar .search-hits a").all_text_contents()
    assert any("Delegation" in title for title in titles)
    box.fill("qwzxv")
    page.locator(".sidebar .search-status", has_text="No articles found").wait_for(timeout=5000)


def test_search_reads_every_part_of_a_split_index(page: Any, demo_build, tmp_path: Path) -> None:
    site, out = demo_build
    html = dict(site.config_section("html"))
    split = attrs.evolve(site, config={**site.config, "html": {**html, "search_index_split": 5}})
    parted = tmp_path / "split"
    coachcontent.build_site(split, parted, selection=coachcontent.PluginSelection(enabled=["html"]))
    parts = json.loads((parted / "search-index.json").read_text(encoding="utf-8"))["parts"]
    assert len(parts) > 3
    # A word found only in the oldest post: in the last part of posts.
    entries = json.loads((out / "search-index.json").read_text(encoding="utf-8"))["entries"]
    oldest = [entry for entry in entries if "date" in entry][-1]
    others = " ".join(
        " ".join([entry["title"], entry["summary"], " ".join(entry["tags"]), entry["words"]]).lower()
        for entry in entries
        if entry is not oldest
    )
    word = next(w for w in oldest["words"].split() if w.isascii() and w.isalpha() and len(w) > 5 and w not in others)
    with serve(parted) as base:
        page.goto(base + "/")
        box = page.locator(".sidebar input[type=search]")
        box.fill(word)
        results = page.locator(".sidebar .search-results .search-hits a")
        results.first.wait_for(timeout=5000)
        assert results.all_text_contents() == [oldest["title"]]
        # Results across parts keep the whole index's order: the same as the single file's.
        box.fill("delegation")
        page.locator(".sidebar .search-status", has_text="results for “delegation”").wait_for(timeout=5000)
        split_titles = results.all_text_contents()
    with serve(out) as base:
        page.goto(base + "/")
        box = page.locator(".sidebar input[type=search]")
        box.fill("delegation")
        page.locator(".sidebar .search-status", has_text="results for “delegation”").wait_for(timeout=5000)
        assert results.all_text_contents() == split_titles and len(split_titles) > 1


def test_post_page_shows_tags_share_and_related(page: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    post = next(p for p in site.posts_newest_first() if p.tags and p.canonical_url)
    page.goto(base_url + site.url_for(post))
    assert page.locator(".terms-tags a").count() == len(post.tags)
    assert page.locator(".share a").all_text_contents() == ["LinkedIn", "E-mail"]
    assert page.locator(".related li").count() >= 1
    assert page.locator("link[rel=canonical]").get_attribute("href") == post.canonical_url
    assert page.locator("main time").first.get_attribute("datetime").startswith(str(site.local(post.date).year))


STUB_WEB_SHARE = """
window.__shared = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) {
    window.__shared.push({ title: data.title, text: data.text, url: data.url });
    return Promise.resolve();
  },
});
Object.defineProperty(Navigator.prototype, "canShare", { configurable: true, value: function () { return true; } });
"""

NO_WEB_SHARE = """
delete Navigator.prototype.share;
delete Navigator.prototype.canShare;
"""


def shared_post(site: coachcontent.Site) -> coachcontent.Post:
    return next(p for p in site.posts_newest_first() if p.tags and p.summary)


def test_copy_link_puts_the_posts_address_on_the_clipboard(browser: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    post = shared_post(site)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        page.goto(base_url + site.url_for(post))
        page.evaluate("navigator.clipboard.writeText('something else')")
        button = page.locator(".share .share-copy")
        assert button.is_visible()
        assert button.text_content() == "Copy link"
        button.click()
        status = page.locator(".share .share-status")
        status.filter(has_text="Copied").wait_for(timeout=5000)
        assert status.is_visible()
        assert status.get_attribute("aria-live") == "polite"
        assert page.evaluate("navigator.clipboard.readText()") == site.absolute_url(site.url_for(post))
    finally:
        context.close()


def test_share_button_hands_the_post_to_the_web_share_api(browser: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    post = shared_post(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(STUB_WEB_SHARE)
        page.goto(base_url + site.url_for(post))
        button = page.locator(".share .share-native")
        assert button.is_visible()
        assert button.text_content() == "Share…"
        button.click()
        page.wait_for_function("window.__shared.length > 0", timeout=5000)
        calls = page.evaluate("window.__shared")
        text = page.locator(".share").get_attribute("data-share-text")
        assert calls == [{"title": post.title, "text": text, "url": site.absolute_url(site.url_for(post))}]
        summary_words = lxml.html.fromstring(post.summary).text_content().split()
        assert text and text.split()[:5] == summary_words[:5]
    finally:
        context.close()


def test_share_button_only_where_the_browser_can_share(browser: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(NO_WEB_SHARE)
        page.goto(base_url + site.url_for(shared_post(site)))
        page.locator(".share .share-copy").wait_for(state="visible", timeout=5000)
        assert page.locator(".share .share-native").is_hidden()
        assert page.evaluate("typeof navigator.share") == "undefined"
    finally:
        context.close()


def test_without_javascript_only_the_plain_share_links_show(browser: Any, base_url: str, demo_build) -> None:
    site, _ = demo_build
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for url in (site.url_for(shared_post(site)), site.url_for(site.page("coaching/executive"))):
            page.goto(base_url + url)
            assert page.locator(".share .share-native").is_hidden()
            assert page.locator(".share .share-copy").is_hidden()
            assert page.locator(".share .share-actions").is_hidden()
            links = page.locator(".share a.share-link")
            assert links.all_text_contents() == ["LinkedIn", "E-mail"]
            assert all(links.nth(i).is_visible() for i in range(links.count()))
            assert links.first.get_attribute("href").startswith("https://www.linkedin.com/sharing/")
    finally:
        context.close()


def test_narrow_screen_menu_button(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        toggle = page.locator(".menu-toggle")
        menu = page.locator(".site-nav .menu")
        assert toggle.is_visible()
        assert not menu.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        # Every level shows on a narrow screen: no hover on touch screens.
        assert page.locator(".site-nav .menu-level-3 a").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("which", ["home", "post", "category", "page", "not-found"])
def test_no_serious_accessibility_violations(page: Any, base_url: str, demo_build, axe_script: Path, which) -> None:
    site, _ = demo_build
    post = site.posts_newest_first()[0]
    urls = {
        "home": "/",
        "post": site.url_for(post),
        "category": site.term_url("categories", post.categories[0]),
        "page": site.url_for(site.page("coaching/executive")),
        "not-found": "/404.html",
    }
    page.goto(base_url + urls[which])
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate("async () => (await axe.run()).violations")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_screenshots_of_home_and_post(page: Any, base_url: str, demo_build, tmp_path: Path) -> None:
    site, _ = demo_build
    post = next(p for p in site.posts_newest_first() if p.canonical_url)
    shots = {"home.png": "/", "post.png": site.url_for(post)}
    for name, url in shots.items():
        page.goto(base_url + url)
        page.screenshot(path=str(tmp_path / name), full_page=True)
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 50_000
    # No request left the site while the pages loaded.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(base_url) for url in requests), requests
