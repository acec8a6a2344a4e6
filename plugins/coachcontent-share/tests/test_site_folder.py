"""[share] in site.toml and share front matter, read by the content-folder loader."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import coachcontent_share
import pytest

import coachcontent

SITE_TOML = """
[site]
title = "Harbour Coaching"
url = "https://harbour.example"
timezone = "Europe/Zurich"
language = "de-CH"

[[authors]]
slug = "lena"
name = "Lena Brunner"

[share]
networks = ["linkedin", "x", "mastodon", "email"]
labels = { email = "Per E-Mail senden" }
mastodon_instance = "social.example"
via = "harbour_coach"
utm_source = "{network}"
"""


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _load(root: Path) -> coachcontent.Site:
    return coachcontent.load_site(
        root,
        selection=coachcontent.PluginSelection(enabled=["share"]),
        as_of=datetime(2030, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _write(tmp_path, "site.toml", SITE_TOML)
    _write(
        tmp_path,
        "content/posts/2024-05-01-fuehrung.md",
        """
        ---
        title: "Führung & Vertrauen: #1?"
        author: lena
        tags: [vertrauen]
        ---
        Text.
        """,
    )
    _write(
        tmp_path,
        "content/posts/2024-05-02-quiet.md",
        """
        ---
        title: Quiet
        author: lena
        share: false
        ---
        Text.
        """,
    )
    _write(
        tmp_path,
        "content/posts/2024-05-03-only-mail.md",
        """
        ---
        title: Only Mail
        author: lena
        share: [email]
        ---
        Text.
        """,
    )
    return tmp_path


def test_site_toml_and_front_matter(folder: Path) -> None:
    site = _load(folder)
    post = site.post("fuehrung")
    links = coachcontent_share.share_links(site, post)
    assert [(link.network, link.label) for link in links] == [
        ("linkedin", "LinkedIn"),
        ("x", "X"),
        ("mastodon", "Mastodon"),
        ("email", "Per E-Mail senden"),
    ]
    x = dict(parse_qsl(urlsplit(links[1].url).query))
    assert x == {
        "text": "Führung & Vertrauen: #1?",
        "url": "https://harbour.example/2024/05/fuehrung/?utm_source=x",
        "hashtags": "vertrauen",
        "via": "harbour_coach",
    }
    assert links[2].url.startswith("https://social.example/share?text=")
    assert coachcontent_share.share_links(site, site.post("quiet")) == ()
    assert [link.network for link in coachcontent_share.share_links(site, site.post("only-mail"))] == ["email"]
    home = coachcontent_share.head_metadata(site, coachcontent.View(kind="home", url="/"))
    assert coachcontent.MetaTag(key="og:locale", content="de_CH") in home


def test_loader_reports_a_bad_share_section(folder: Path) -> None:
    _write(folder, "site.toml", SITE_TOML.replace('"social.example"', '"https://social.example/"'))
    with pytest.raises(coachcontent.ContentErrors) as caught:
        _load(folder)
    assert "mastodon_instance" in str(caught.value)
