"""Reading-time estimates: counting words, minutes, the template context and the settings."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from coachcontent_readingtime import html_text, plugin, reading_minutes, word_count

import coachcontent
from coachcontent import Page, Post, Site, View


def test_words_are_counted_in_the_text_a_reader_sees() -> None:
    body = (
        "<h2>Ask first</h2><p>Ask, then <em>listen</em> &mdash; twice.</p>"
        "<script>var hidden = 'not words at all';</script><style>p { color: red }</style>"
        "<p>gent<strong>ly</strong> does&nbsp;it</p><ul><li>one</li><li>two</li></ul>"
    )
    assert html_text(body) == "Ask first Ask, then listen — twice. gently does it one two"
    # "—" holds no letter, so it is not a word.
    assert word_count(body) == 11


def test_the_count_is_the_tokens_that_hold_a_letter_or_digit() -> None:
    # Random text of words, punctuation, underscores, non-ASCII letters and odd spaces,
    # against the definition written plainly: a token counts when a character is alphanumeric.
    rnd = random.Random(9)
    alphabet = [
        "a",
        "Z",
        "7",
        "é",
        "日",
        "_",
        "—",
        "…",
        ".",
        ",",
        "-",
        "😀",
        " ",
        "\u00a0",
        "\n",
        "&amp;",
        "<em>",
        "</em>",
    ]
    for _ in range(3000):
        source = "<p>" + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) + "</p>"
        expected = sum(1 for token in html_text(source).split() if any(char.isalnum() for char in token))
        assert word_count(source) == expected, source


def test_empty_and_markup_only_bodies_have_no_words() -> None:
    assert word_count("") == 0
    assert word_count("<p> </p><hr><img src='/x.png' alt='a picture'>") == 0


@pytest.mark.parametrize(
    ("words", "per_minute", "minutes"),
    [(0, 220, 1), (1, 220, 1), (220, 220, 1), (221, 220, 2), (1000, 220, 5), (1000, 100, 10)],
)
def test_minutes_are_rounded_up_and_at_least_one(words: int, per_minute: int, minutes: int) -> None:
    assert reading_minutes(words, per_minute) == minutes


def test_a_reading_speed_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        reading_minutes(10, 0)


def _context(site: coachcontent.Site, view: View, template: str = "post.html") -> dict[str, object]:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=[], extra=[plugin]))
    merged: dict[str, object] = {}
    for result in reversed(pm.hook.coachcontent_template_context(site=site, view=view, template=template)):
        merged.update(result or {})
    return {name: coachcontent.resolved(value) for name, value in merged.items()}


def test_a_post_view_gets_its_reading_minutes(make_post: Callable[..., Post], make_site: Callable[..., Site]) -> None:
    post = make_post("long-read", body="<p>" + "word " * 450 + "</p>")
    site = make_site(post)
    context = _context(site, View(kind="post", url=site.url_for(post), title=post.title, post=post))
    assert context["reading_words"] == 450
    assert context["reading_minutes"] == 3  # 450 / 220 rounded up


def test_the_words_are_counted_only_when_a_template_reads_them(
    make_post: Callable[..., Post], make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[str] = []

    def counting(source: str) -> int:
        counted.append(source)
        return word_count(source)

    monkeypatch.setattr(plugin, "word_count", counting)
    post = make_post("long-read", body="<p>" + "word " * 450 + "</p>")
    site = make_site(post)
    view = View(kind="post", url=site.url_for(post), title=post.title, post=post)
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=[], extra=[plugin]))
    (context,) = [r for r in pm.hook.coachcontent_template_context(site=site, view=view, template="post.html") if r]
    assert isinstance(context["reading_minutes"], coachcontent.Deferred)
    assert counted == []
    assert context["reading_minutes"].value == 3
    assert context["reading_words"].value == 450
    assert coachcontent.resolved(context["reading_minutes"]) == 3
    assert len(counted) == 1  # once for both names and every read


def test_words_per_minute_comes_from_site_toml_section(
    make_post: Callable[..., Post], make_site: Callable[..., Site]
) -> None:
    post = make_post("long-read", body="<p>" + "word " * 450 + "</p>")
    site = make_site(post, config={"readingtime": {"words_per_minute": 150}})
    context = _context(site, View(kind="post", url=site.url_for(post), post=post))
    assert context["reading_minutes"] == 3
    site = make_site(post, config={"readingtime": {"words_per_minute": 100}})
    context = _context(site, View(kind="post", url=site.url_for(post), post=post))
    assert context["reading_minutes"] == 5


def test_pages_get_minutes_only_when_asked_and_every_template_gets_the_function(make_site: Callable[..., Site]) -> None:
    page = Page(slug="about", title="About", body="<p>" + "word " * 300 + "</p>")
    view = View(kind="page", url="/about/", page=page)
    context = _context(make_site(pages=(page,)), view, "page.html")
    assert "reading_minutes" not in context
    reading_time = context["reading_time"]
    assert callable(reading_time)
    assert reading_time(page) == 2
    context = _context(make_site(pages=(page,), config={"readingtime": {"pages": True}}), view, "page.html")
    assert context["reading_minutes"] == 2
    home = _context(make_site(), View(kind="home", url="/"), "home.html")
    assert set(home) == {"reading_time"}


def test_the_section_is_checked_with_the_line_of_site_toml(
    write_site: Callable[..., Path], selection: coachcontent.PluginSelection
) -> None:
    root = write_site(
        {"2025-01-05-hello.md": "---\ntitle: Hello\n---\nHi.\n"},
        """
        [readingtime]
        words_per_minute = 0
        calendar_path = "/events.ics"
        colour = "blue"
        """,
    )
    with pytest.raises(coachcontent.ContentErrors) as caught:
        coachcontent.load_site(root, selection=selection)
    lines = [str(error) for error in caught.value.errors]
    assert lines == [
        "site.toml:12: readingtime.colour: unknown key in [readingtime] "
        "(accepted: calendar, calendar_name, calendar_path, pages, words_per_minute)",
    ]
    (root / "site.toml").write_text(
        (root / "site.toml").read_text(encoding="utf-8").replace('colour = "blue"\n', ""), encoding="utf-8"
    )
    with pytest.raises(coachcontent.ContentErrors) as caught:
        coachcontent.load_site(root, selection=selection)
    assert [str(error) for error in caught.value.errors] == [
        "site.toml:10: readingtime.words_per_minute: expected a positive integer, got 0",
        "site.toml:11: readingtime.calendar_path: expected a relative path ending in .ics, "
        "such as 'events.ics', got '/events.ics'",
    ]


def test_a_loaded_post_gets_minutes_through_the_installed_entry_point(write_site: Callable[..., Path]) -> None:
    root = write_site({"2025-01-05-hello.md": "---\ntitle: Hello\n---\n" + "Word " * 230 + "\n"})
    site = coachcontent.load_site(root, as_of=datetime(2026, 1, 1, tzinfo=UTC))
    post = site.post("hello")
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["readingtime"]))
    results = pm.hook.coachcontent_template_context(
        site=site, view=View(kind="post", url=site.url_for(post), post=post), template="post.html"
    )
    assert [coachcontent.resolved(result["reading_minutes"]) for result in results if "reading_minutes" in result] == [
        2
    ]
