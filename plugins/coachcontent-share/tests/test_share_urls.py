"""Every network's share URL, parsed back with urllib.parse, gives exactly the title and URL."""

from __future__ import annotations

import random
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlsplit

import coachcontent_share
import pytest
from coachcontent_share.urls import encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcontent import Post, Site

NASTY_TITLES = [
    "Fish & Chips #1? Yes!",
    "Say \"no\" & mean it: the 80/20 of 'polite' refusals",
    "Coaching 🚀 growth 👩🏽‍💼 for 2024",
    "</script><script>alert(1)</script>",
    "القيادة الهادئة: ‏دليل عملي",
    "100% + 50% = a+b; c=d&e=f?g#h",
    "Tabs\tand  double  spaces",
]

ALL_NETWORKS = [
    "facebook",
    "linkedin",
    "x",
    "pinterest",
    "reddit",
    "hackernews",
    "email",
    "whatsapp",
    "telegram",
    "bluesky",
    "threads",
    "mastodon",
]

POST_URL = "https://coach.example/2024/03/listening-first/"
IMAGE_URL = "https://coach.example/images/listening.jpg"
HASHTAGS = ("ExecutiveCoaching", "listening", "InfluenceCoalitions")


def _parts(url: str) -> tuple[str, list[tuple[str, str]], str]:
    split = urlsplit(url)
    base = f"{split.scheme}://{split.netloc}{split.path}" if split.netloc else f"{split.scheme}:"
    return base, parse_qsl(split.query, keep_blank_values=True, strict_parsing=True), split.query


def _expected(network: str, title: str) -> tuple[str, list[tuple[str, str]]]:
    """The documented URL form of each network, filled in by hand."""
    tags = " ".join(f"#{tag}" for tag in HASHTAGS)
    return {
        "facebook": ("https://www.facebook.com/sharer/sharer.php", [("u", POST_URL)]),
        "linkedin": ("https://www.linkedin.com/sharing/share-offsite/", [("url", POST_URL)]),
        "x": (
            "https://x.com/intent/tweet",
            [("text", title), ("url", POST_URL), ("hashtags", ",".join(HASHTAGS))],
        ),
        "pinterest": (
            "https://www.pinterest.com/pin/create/button/",
            [("url", POST_URL), ("media", IMAGE_URL), ("description", title)],
        ),
        "reddit": ("https://www.reddit.com/submit", [("url", POST_URL), ("title", title)]),
        "hackernews": (
            "https://news.ycombinator.com/submitlink",
            [("u", POST_URL), ("t", title)],
        ),
        "email": (
            "mailto:",
            [
                ("subject", title),
                ("body", f"Why the first ten minutes decide & shape the rest.\r\n\r\n{POST_URL}"),
            ],
        ),
        "whatsapp": ("https://wa.me/", [("text", f"{title} {POST_URL}")]),
        "telegram": ("https://t.me/share/url", [("url", POST_URL), ("text", title)]),
        "bluesky": ("https://bsky.app/intent/compose", [("text", f"{title} {POST_URL} {tags}")]),
        "threads": (
            "https://www.threads.com/intent/post",
            [("text", title), ("url", POST_URL), ("tag", "executive coaching")],
        ),
        "mastodon": (
            "https://mastodon.social/share",
            [("text", f"{title}\n\n{POST_URL}\n\n{tags}")],
        ),
    }[network]


@pytest.fixture
def share_all(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> Callable[[str], dict[str, str]]:
    def share(title: str) -> dict[str, str]:
        post = make_post(title=title)
        site = make_site(posts=(post,), share={"networks": ALL_NETWORKS})
        return {link.network: link.url for link in coachcontent_share.share_links(site, post)}

    return share


@pytest.mark.parametrize("title", NASTY_TITLES)
@pytest.mark.parametrize("network", ALL_NETWORKS)
def test_share_url_round_trips(share_all: Callable[[str], dict[str, str]], network: str, title: str) -> None:
    url = share_all(title)[network]
    base, params, query = _parts(url)
    assert (base, params) == _expected(network, title)
    # Each value is encoded on its own: %20 for spaces, never "+", nothing left raw.
    assert query == "&".join(f"{name}={quote(value, safe='')}" for name, value in params)
    assert "+" not in query
    assert " " not in url


def test_all_networks_in_configured_order(share_all: Callable[[str], dict[str, str]]) -> None:
    assert list(share_all("A title")) == ALL_NETWORKS


@settings(
    max_examples=60,
    deadline=None,
    # The fixtures are pure factories: nothing to reset between examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
        lambda t: t.strip()
    )
)
def test_any_title_round_trips(make_site: Callable[..., Site], make_post: Callable[..., Post], title: str) -> None:
    post = make_post(title=title)
    site = make_site(posts=(post,), share={"networks": ["x", "reddit", "telegram", "whatsapp"]})
    links = {link.network: dict(_parts(link.url)[1]) for link in coachcontent_share.share_links(site, post)}
    assert links["x"]["text"] == title
    assert links["x"]["url"] == POST_URL
    assert links["reddit"]["title"] == title
    assert links["telegram"]["text"] == title
    assert links["whatsapp"]["text"] == f"{title} {POST_URL}"


def test_encode_is_urllib_quote_with_nothing_safe() -> None:
    # The table-driven encoder against the standard library on random text: ASCII
    # controls and punctuation, Latin-1, other planes, line separators.
    rnd = random.Random(5)
    alphabet = [chr(code) for code in range(256)] + ["日", "—", "😀", "\u2028", "ő", "%", "+", "&", "="]
    for _ in range(20_000):
        value = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        assert encode.__wrapped__(value) == quote(value, safe=""), repr(value)
    with pytest.raises(UnicodeEncodeError):
        encode("lone \ud800 surrogate")
