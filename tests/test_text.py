"""coachcontent.plain_text and parse_fragment: the text plugins read from HTML."""

from __future__ import annotations

import random

import lxml.html
import pytest

from coachcontent import parse_fragment, plain_text
from coachcontent.content.text import BLOCK_ELEMENTS


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("   \n", ""),
        ("plain words,   spaced", "plain words, spaced"),
        ("<p>one</p><p>two</p>", "one two"),
        ("gent<em>ly</em> done", "gently done"),
        ("<ul><li>a</li><li>b</li></ul>after", "a b after"),
        ("line<br>break<br/>again", "line break again"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
        ("<p>a</p><script>alert('x')</script><p>b</p>", "a b"),
        ("<style>p { color: red }</style>seen", "seen"),
        ("<template><p>not shown</p></template>shown", "shown"),
        ("before<!-- a comment -->after", "beforeafter"),
        ("&amp; &lt;p&gt; caf&eacute;&nbsp;ok &#x2014; &#8212;", "& <p> café ok — —"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("</p>stray<p>end", "stray end"),
        ("<!DOCTYPE html><html><body><p>a</p><p>b</p></body></html>", "a b"),
        ("\x01<p>control</p>\x1f", "control"),
        ("a\x01b", "ab"),
        ("<html>", ""),
        ("<html><head><title>head only</title></head></html>", ""),
    ],
)
def test_text_of_fragments(html: str, text: str) -> None:
    assert plain_text(html) == text


def test_hidden_and_separating_elements_can_be_chosen() -> None:
    html = "<p>a<img src=x.png>b</p><svg><text>drawn</text></svg><my-widget>w</my-widget>z"
    assert plain_text(html) == "ab drawnwz"
    assert plain_text(html, hidden={"svg"}) == "ab wz"
    # Every element but the phrasing ones separates words, including unknown ones.
    assert plain_text(html, hidden={"svg"}, inline={"em", "a"}) == "a b w z"
    assert plain_text("<p>one</p><p>two</p>", blocks=()) == "onetwo"


def test_same_text_as_lxml_for_markup_without_blocks_or_scripts() -> None:
    rng = random.Random(3)
    pieces = [
        "<em>",
        "</em>",
        "<a href='/x'>",
        "</a>",
        "<span>",
        "</span>",
        "word",
        " ",
        "&amp;",
        "é",
        "<code>",
        "</code>",
    ]
    for _ in range(500):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        expected = " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())
        assert plain_text(html) == expected, html


def test_blocks_separate_as_each_block_edge_were_a_space() -> None:
    rng = random.Random(5)
    tags = ["p", "li", "div", "h2", "em", "b"]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 8)):
            tag = rng.choice(tags)
            parts.append(f"<{tag}>{rng.choice(['x', 'yy', ''])}</{tag}>{rng.choice(['', 'z'])}")
        html = "".join(parts)
        spaced = html
        for tag in BLOCK_ELEMENTS & set(tags):
            spaced = spaced.replace(f"<{tag}>", f" <{tag}> ").replace(f"</{tag}>", f" </{tag}> ")
        expected = " ".join(lxml.html.fragment_fromstring(spaced, create_parent="div").text_content().split())
        assert plain_text(html) == expected, html


def test_parse_fragment_is_lxmls_fragment_parse() -> None:
    html = "lead <p class=a>one<em>two</em></p>tail<br>end"
    ours = parse_fragment(html)
    theirs = lxml.html.fragment_fromstring(html, create_parent="div")
    assert ours.text == theirs.text
    assert [(e.tag, e.text, e.tail) for e in ours.iterdescendants()] == [
        (e.tag, e.text, e.tail) for e in theirs.iterdescendants()
    ]


def test_a_summary_of_a_document_without_a_body_is_empty() -> None:
    from coachcontent import make_summary

    assert make_summary("<html>", 55) == ""
