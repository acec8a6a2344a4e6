"""Bad input: every problem reported as file:line: field: message, exit code 1, no traceback."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SiteFolder

Cli = Callable[..., tuple[int, str, str]]

OK_POST = "title: Fine\ndate: 2020-01-01"


def check(cli: Cli, folder: SiteFolder) -> tuple[int, list[str]]:
    code, _out, err = cli("check", str(folder.root), "--plugins", "")
    assert "Traceback" not in err
    return code, err.strip().splitlines()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "yaml.md",
            "---\ntitle: [unclosed\n---\nx\n",
            "content/posts/yaml.md:3: front matter: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        (
            "toml.md",
            '+++\ntitle = "x\n+++\nx\n',
            "content/posts/toml.md:2: front matter: invalid TOML: Unterminated string",
        ),
        (
            "notitle.md",
            "---\ndate: 2020-01-01\n---\nx\n",
            "content/posts/notitle.md:1: title: missing (every post and page needs a title)",
        ),
        (
            "date.md",
            "---\ntitle: D\ndate: yesterday-ish\n---\nx\n",
            "content/posts/date.md:3: date: cannot read 'yesterday-ish' as a date "
            "(expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601 with an offset)",
        ),
        (
            "nodate.md",
            "---\ntitle: No date\n---\nx\n",
            "content/posts/nodate.md:1: date: missing (posts need a date: front matter, or a YYYY-MM-DD- file-name prefix)",
        ),
        (
            "trav.md",
            "---\ntitle: T\ndate: 2020-01-02\nslug: ../../etc/x\n---\nx\n",
            "content/posts/trav.md:4: slug: '../../etc/x' is not a slug (lowercase letters, digits and single hyphens)",
        ),
        (
            "draft.md",
            '---\ntitle: T\ndate: 2020-01-02\ndraft: "no"\n---\nx\n',
            "content/posts/draft.md:4: draft: expected true or false, got 'no'",
        ),
        (
            "unclosed.md",
            "---\ntitle: T\n",
            "content/posts/unclosed.md:1: front matter: front matter opened with --- on line 1 is never closed",
        ),
        (
            "canon.md",
            "---\ntitle: T\ndate: 2020-01-02\ncanonical_url: javascript:alert(1)\n---\nx\n",
            "content/posts/canon.md:4: canonical_url: URL scheme 'javascript' is not allowed (only http, https and mailto)",
        ),
        (
            "author.md",
            "---\ntitle: T\ndate: 2020-01-02\nauthor: nobody\n---\nx\n",
            "content/posts/author.md:4: author: no author 'nobody' (known: ada)",
        ),
    ],
)
def test_bad_post_files(cli: Cli, folder: SiteFolder, name: str, content: str, expected: str) -> None:
    folder.write(f"content/posts/{name}", content)
    folder.post("ok.md", OK_POST)
    code, lines = check(cli, folder)
    assert code == 1
    assert lines == [expected, "1 problem found"]


def test_links_in_bodies_must_be_http_https_mailto_or_relative(cli: Cli, folder: SiteFolder) -> None:
    folder.post(
        "links.md",
        "title: Links\ndate: 2020-01-02",
        "Fine [a](/about/) [b](https://x.example) [c](mailto:a@x.example) [d](notes.html#x)\n\n"
        "Bad [this](javascript:alert(1)) <img src='jav&#x61;script:x'>\n\n<a href='DATA:text/html,x'>d</a>\n",
    )
    code, lines = check(cli, folder)
    assert code == 1
    rule = "only http, https and mailto links and relative URLs are allowed"
    assert lines == [
        # the entity-encoded one cannot be found in the source text: the body's first line
        f"content/posts/links.md:5: body: link to 'javascript:x': {rule}",
        f"content/posts/links.md:7: body: link to 'javascript:alert(1)': {rule}",
        f"content/posts/links.md:9: body: link to 'DATA:text/html,x': {rule}",
        "3 problems found",
    ]


def test_file_that_is_not_utf8(cli: Cli, folder: SiteFolder) -> None:
    folder.write_bytes("content/posts/latin1.md", b"---\ntitle: Latin\ndate: 2020-01-02\n---\ncaf\xe9\n")
    code, lines = check(cli, folder)
    assert code == 1
    assert lines == ["content/posts/latin1.md:5: encoding: not UTF-8 (byte 0xe9 at offset 41)", "1 problem found"]


def test_duplicate_explicit_slugs(cli: Cli, folder: SiteFolder) -> None:
    folder.post("s1.md", "title: S1\ndate: 2020-01-01\nslug: same")
    folder.post("s2.md", "title: S2\ndate: 2020-01-02\nslug: same")
    code, lines = check(cli, folder)
    assert (code, lines) == (
        1,
        ["content/posts/s2.md:4: slug: 'same' is also the slug of content/posts/s1.md", "1 problem found"],
    )


def test_category_cycle(cli: Cli, folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"

        [[taxonomies.categories.terms]]
        name = "Alpha"
        parent = "Beta"
        [[taxonomies.categories.terms]]
        name = "Beta"
        parent = "Alpha"
        """,
    )
    code, lines = check(cli, folder)
    assert (code, lines) == (
        1,
        [
            "site.toml:7: taxonomies.categories.terms[0].parent: the parents of 'categories' form a cycle: Alpha → Beta → Alpha",
            "1 problem found",
        ],
    )


def test_menu_errors_missing_page_and_javascript_url(cli: Cli, folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"

        [menus.main]
        [[menus.main.items]]
        title = "Missing"
        page = "nowhere"
        [[menus.main.items]]
        title = "Fine"
        url = "/"
          [[menus.main.items.children]]
          title = "Evil"
          url = "javascript:alert(1)"
        """,
    )
    code, lines = check(cli, folder)
    assert (code, lines) == (
        1,
        [
            "site.toml:8: menus.main.items[0].page: no page 'nowhere' (pages are named by their path under content/pages/)",
            "site.toml:14: menus.main.items[1].children[0].url: URL scheme 'javascript' is not allowed (only http, https and mailto)",
            "2 problems found",
        ],
    )


def test_site_toml_problems(cli: Cli, folder: SiteFolder) -> None:
    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "ftp://t.example"
        timezone = "Mars/Base"
        posts_per_page = 0
        colour = "blue"

        [urls]
        post = "/{year}/{title}/"
        """,
    )
    code, lines = check(cli, folder)
    assert code == 1
    assert lines == [
        "site.toml:3: site.url: URL scheme 'ftp' is not allowed (only http, https and mailto)",
        "site.toml:4: site.timezone: unknown timezone 'Mars/Base' (expected an IANA name such as 'America/New_York')",
        "site.toml:5: site.posts_per_page: expected a positive integer, got 0",
        "site.toml:6: site.colour: unknown key 'colour' (accepted: description, language, logo, posts_per_page, summary_words, tag_cloud_steps, tagline, timezone, title, url)",
        "site.toml:9: urls.post: '/{year}/{title}/' uses unknown placeholder(s) ['title']; allowed: ['day', 'month', 'slug', 'year']",
        "5 problems found",
    ]


def test_malformed_site_toml(cli: Cli, folder: SiteFolder) -> None:
    folder.write("site.toml", "[site\ntitle = 1\n")
    code, lines = check(cli, folder)
    assert (code, lines) == (
        1,
        ["site.toml:1: toml: invalid TOML: Expected ']' at the end of a table declaration", "1 problem found"],
    )


def test_every_problem_at_once_sorted_by_file_and_line(cli: Cli, folder: SiteFolder) -> None:
    folder.write("content/posts/b.md", "---\ntitle: B\n---\n")
    folder.write("content/posts/a.md", "---\ndate: 2020-01-01\n---\n")
    folder.write("content/pages/x/child.md", "---\ntitle: Orphan\n---\n")
    code, lines = check(cli, folder)
    assert code == 1
    assert lines == [
        "content/pages/x/child.md:1: parent: the folder content/pages/x/ has no page of its own (add content/pages/x/index.md)",
        "content/posts/a.md:1: title: missing (every post and page needs a title)",
        "content/posts/b.md:1: date: missing (posts need a date: front matter, or a YYYY-MM-DD- file-name prefix)",
        "3 problems found",
    ]


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_failed_build_leaves_previous_output_untouched(cli: Cli, folder: SiteFolder, tmp_path: Path) -> None:
    folder.post("ok.md", OK_POST, "Hello.\n")
    folder.write("static/style.css", "body { color: #222; }\n")
    out = tmp_path / "out"
    code, _, err = cli("build", str(folder.root), "-o", str(out), "--plugins", "")
    assert code == 0, err
    before = _snapshot(out)
    assert "style.css" in before
    folder.write("content/posts/broken.md", "---\ntitle: [\n---\n")
    folder.write("static/style.css", "body { color: red; }\n")
    code, _, err = cli("build", str(folder.root), "-o", str(out), "--plugins", "")
    assert code == 1
    assert "content/posts/broken.md:" in err
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "site"]


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("build")[0] == 2
    code, _, err = cli("build", "-o", "x")
    assert code == 2
    assert "give a site folder, or --demo" in err
    assert cli("frobnicate")[0] == 2
    assert cli()[0] == 2


def test_missing_site_folder(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("check", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == f"site.toml:1: site.toml: no site.toml in {tmp_path} (is this a site folder?)"
