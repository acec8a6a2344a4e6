"""The load cache (``load_site(..., cache_dir=...)``) and the loader's fast paths.

The cache must never change what ``load_site`` returns: each test loads the
same folder with and without a cache and compares everything a Site holds.
The fast paths (plain front matter without YAML nodes, plain HTML without an
HTML parse, summaries from the first blocks of a body) must give exactly what
the general code gives.
"""

from __future__ import annotations

import logging
import os
import pickle
import random
import re
from pathlib import Path
from typing import Any

import pytest

import coachcontent
from coachcontent.content.frontmatter import FrontMatterError, _parse_simple_yaml, parse_document
from coachcontent.content.links import _PLAIN_HTML, _parsed_problems, content_problems
from coachcontent.content.markdown import render_markdown
from coachcontent.content.summary import _fragment, _leading_fragment, _summarise, make_summary

from .conftest import AS_OF, SiteFolder

NO_PLUGINS = coachcontent.PluginSelection(enabled=[])
#: The cache's pickles (``content-00.pickle`` ... ``content-63.pickle``).
SHARDS = "content-*.pickle"
#: Before any load in these tests: files this old are past the cache's "changed just now" window.
LONG_AGO_NS = 1_600_000_000 * 10**9


def shards(cache: Path) -> list[Path]:
    """The cache's pickles."""
    return sorted(cache.glob(SHARDS))


def shard_holding(cache: Path, source: str) -> Path:
    """The pickle that keeps the record of ``source`` (read without the cache's own code)."""
    found = [path for path in shards(cache) if source in pickle.loads(path.read_bytes())["files"]]
    assert len(found) == 1, found
    return found[0]


def fill(folder: SiteFolder) -> None:
    """A small site with every kind of content file, and one Markdown quirk of each kind."""
    folder.write(
        "site.toml",
        """
        [site]
        title = "Cache Practice"
        url = "https://cache.example"
        timezone = "Europe/Berlin"
        summary_words = 5

        [[authors]]
        slug = "ada"
        name = "Ada Example"

        [[taxonomies.categories.terms]]
        name = "Leadership"

        [[taxonomies.categories.terms]]
        name = "Teams"
        parent = "Leadership"

        [menus.main]
        [[menus.main.items]]
        page = "about"
        [[menus.main.items]]
        category = "Teams"
        """,
    )
    folder.post(
        "2024-01-02-first.md",
        """
        title: "First: listening"
        date: 2024-01-02 09:30
        tags: [listening, "hard questions"]
        categories: ["Leadership/Teams"]
        mood: yes
        count: 010
        """,
        "One two three four five six seven [link](https://example.com/?a=1&b=2).\n",
    )
    folder.post(
        "second.md",
        """
        title: Second
        date: 2024-02-03T10:00:00+02:00
        tags:
          - listening
        extra_table: {nested: [1, 2.5, true, null]}
        """,
        'Short.\n\n<!--more-->\n\nThe rest, with <span class="note">raw HTML</span>.\n',
    )
    folder.write(
        "content/posts/third.md",
        '+++\ntitle = "Third, in TOML"\ndate = 2024-03-04\ntags = ["trust"]\n+++\nA body with an image ![alt](/a.png).\n',
    )
    folder.write(
        "content/posts/2024-04-05-html-post.html",
        '---\ntitle: An HTML post\nsummary: "<p>Its <em>own</em> summary</p>"\n---\n<p>Body <b>bold</b></p>\n',
    )
    folder.page("about.md", "title: About\nweight: 2", "About the practice.\n")
    folder.page("about/contact.md", "title: Contact", 'Write to us: <a href="mailto:a@b.example">mail</a>.\n')
    folder.page("services/index.md", "title: Services", "What we offer.\n")
    age(folder.root)


def age(root: Path, ns: int = LONG_AGO_NS) -> None:
    """Give every file under ``root`` the same old modification time."""
    for directory, _folders, files in os.walk(root):
        for name in files:
            os.utime(Path(directory) / name, ns=(ns, ns))


def snapshot(site: coachcontent.Site) -> list[str]:
    """Everything a loaded Site holds, as text (Sites compare by identity)."""
    lines = [
        repr((site.title, site.base_url, site.timezone, site.summary_words, site.as_of, site.source_dir)),
        repr((site.authors, site.taxonomies, site.menus, site.link_lists, site.social, site.urls)),
        repr(dict(site.config)),
    ]
    for entry in (*site.posts, *site.pages):
        lines.append(repr(entry))
        lines.append(repr(dict(entry.extra)))
    return lines


def load(folder: SiteFolder, cache: Path | None) -> list[str]:
    """The snapshot of a load, or the error lines when the content has problems."""
    try:
        site = coachcontent.load_site(folder.root, selection=NO_PLUGINS, as_of=AS_OF, cache_dir=cache)
    except coachcontent.ContentErrors as error:
        return ["errors:", *(str(problem) for problem in error.errors)]
    return snapshot(site)


@pytest.fixture
def cache(folder: SiteFolder) -> Path:
    fill(folder)
    return folder.root / ".coachcontent-cache"


def test_cold_and_warm_loads_equal_a_load_without_cache(folder: SiteFolder, cache: Path) -> None:
    expected = load(folder, None)
    assert expected[0] != "errors:"
    assert load(folder, cache) == expected  # cold: writes the cache
    assert shards(cache)
    assert load(folder, cache) == expected  # warm
    assert load(folder, cache) == expected


def test_the_site_names_its_cache_folder_for_plugins(folder: SiteFolder, cache: Path) -> None:
    with_cache = coachcontent.load_site(folder.root, selection=NO_PLUGINS, as_of=AS_OF, cache_dir=cache)
    assert with_cache.cache_dir == str(cache.resolve())
    assert coachcontent.load_site(folder.root, selection=NO_PLUGINS, as_of=AS_OF).cache_dir is None


def test_the_cache_is_used(folder: SiteFolder, cache: Path) -> None:
    load(folder, cache)
    # A file changed without its size or time changing (which editors never do)
    # is not read again: what the cache holds is used, so it was used.
    post = folder.root / "content/posts/third.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("A body", "X body"), encoding="utf-8")
    age(folder.root)
    warm = load(folder, cache)
    assert any("A body" in line for line in warm)
    assert not any("X body" in line for line in warm)


def test_editing_adding_and_deleting_files(folder: SiteFolder, cache: Path) -> None:
    load(folder, cache)
    folder.post("2024-01-02-first.md", "title: First, edited\ndate: 2024-01-02\ntags: [listening]", "New words.\n")
    folder.post("2024-05-06-fourth.md", "title: Fourth\ncategories: [Teams]", "Another post.\n")
    (folder.root / "content/posts/second.md").unlink()
    age(folder.root, LONG_AGO_NS + 10**9)  # edited a second later than the first load saw
    expected = load(folder, None)
    assert any("First, edited" in line for line in expected)
    assert not any("Second" in line for line in expected)
    assert load(folder, cache) == expected
    assert load(folder, cache) == expected


def test_editing_site_toml_invalidates_the_cache(folder: SiteFolder, cache: Path) -> None:
    load(folder, cache)
    site_toml = folder.root / "site.toml"
    # Settings that shape parsing: the timezone naive dates are read in, the summary length.
    text = site_toml.read_text(encoding="utf-8")
    site_toml.write_text(text.replace("Europe/Berlin", "America/New_York").replace("= 5", "= 3"), encoding="utf-8")
    age(folder.root)
    expected = load(folder, None)
    assert load(folder, cache) == expected
    first = coachcontent.load_site(folder.root, selection=NO_PLUGINS, as_of=AS_OF, cache_dir=cache).post("first")
    assert first.date.tzinfo is not None and str(first.date.tzinfo) == "America/New_York"
    assert first.summary == "<p>One two three\u2026</p>"


def test_a_file_changed_just_now_is_checked_by_its_bytes(folder: SiteFolder, cache: Path) -> None:
    post = folder.root / "content/posts/third.md"
    post.write_text(post.read_text(encoding="utf-8"), encoding="utf-8")  # "just now"
    moment = post.stat().st_mtime_ns
    load(folder, cache)
    # Changed again within the same time stamp and to the same size: only its bytes tell.
    post.write_text(post.read_text(encoding="utf-8").replace("A body", "X body"), encoding="utf-8")
    os.utime(post, ns=(moment, moment))
    expected = load(folder, None)
    assert any("X body" in line for line in expected)
    assert load(folder, cache) == expected


def test_problems_are_reported_the_same_from_the_cache(folder: SiteFolder, cache: Path) -> None:
    folder.post("broken.md", "title: Broken\ndate: 2023-02-30\nauthor: nobody", "[x](javascript:alert(1))\n")
    folder.write_bytes("content/posts/latin1.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    age(folder.root)
    expected = load(folder, None)
    assert expected[0] == "errors:"
    assert len(expected) > 3
    assert load(folder, cache) == expected
    assert shards(cache)  # the files that could be read are kept
    assert load(folder, cache) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"format": 1, "digest": "0" * 64, "files": {}})[:-5],  # cut short
        pickle.dumps(["a list", "not the payload"]),
        pickle.dumps({"format": 999, "digest": "x", "files": {}}),
    ],
    ids=["empty", "garbage", "truncated", "wrong-shape", "other-format"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(folder: SiteFolder, cache: Path, content: bytes) -> None:
    expected = load(folder, None)
    assert load(folder, cache) == expected
    written = shards(cache)
    cache.mkdir(exist_ok=True)
    for index in range(64):
        (cache / f"content-{index:02d}.pickle").write_bytes(content)
    assert load(folder, cache) == expected
    assert load(folder, cache) == expected
    assert shards(cache) == written  # those with records made again, the others removed
    assert all(path.read_bytes() != content for path in written)


def test_one_corrupt_pickle_costs_only_its_records(folder: SiteFolder, cache: Path) -> None:
    expected = load(folder, None)
    load(folder, cache)
    broken = shard_holding(cache, "content/posts/third.md")
    others = {path: path.stat().st_mtime_ns for path in shards(cache) if path != broken}
    broken.write_bytes(b"not a pickle at all")
    assert load(folder, cache) == expected
    assert broken.read_bytes() != b"not a pickle at all"
    assert {path: path.stat().st_mtime_ns for path in shards(cache) if path != broken} == others


def test_a_rebuild_writes_only_the_pickle_of_the_edited_file(folder: SiteFolder, cache: Path) -> None:
    age(folder.root)
    load(folder, cache)
    assert len(shards(cache)) > 1  # the records are spread over several pickles
    (cache / "content.pickle").write_bytes(b"the single file of an earlier version")
    edited = shard_holding(cache, "content/posts/third.md")
    post = folder.root / "content/posts/third.md"
    post.write_text(post.read_text(encoding="utf-8").replace("A body", "A longer body"), encoding="utf-8")
    os.utime(post, ns=(LONG_AGO_NS + 10**9, LONG_AGO_NS + 10**9))  # edited a second later than the load saw
    expected = load(folder, None)
    before = {path: path.stat().st_mtime_ns for path in shards(cache)}
    assert load(folder, cache) == expected
    after = {path: path.stat().st_mtime_ns for path in shards(cache)}
    assert [path for path in after if after[path] != before[path]] == [edited]
    assert not (cache / "content.pickle").exists()  # the earlier version's file is removed
    assert load(folder, cache) == expected


def test_records_of_the_wrong_shape_are_ignored(folder: SiteFolder, cache: Path) -> None:
    expected = load(folder, None)
    load(folder, cache)
    source = "content/posts/third.md"
    path = shard_holding(cache, source)
    payload = pickle.loads(path.read_bytes())
    size, mtime_ns, _hash, values, _errors = payload["files"][source]
    payload["files"][source] = (size, mtime_ns, None, values[:3], ())  # too few fields
    path.write_bytes(pickle.dumps(payload))
    assert load(folder, cache) == expected


class _Exploit:
    """Unpickling this would write a file: a cache that came with a site must not run code."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.target, "owned"))


def test_a_cache_file_cannot_run_code(folder: SiteFolder, cache: Path, tmp_path: Path) -> None:
    expected = load(folder, None)
    target = tmp_path / "owned.txt"
    cache.mkdir()
    exploit = pickle.dumps({"format": 1, "digest": "x", "files": {"x": _Exploit(target)}})
    for index in range(64):
        (cache / f"content-{index:02d}.pickle").write_bytes(exploit)
    assert load(folder, cache) == expected
    assert not target.exists()


def test_the_cache_folder_is_marked_and_never_taken_for_content(folder: SiteFolder, cache: Path) -> None:
    load(folder, cache)
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (
        (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    site = coachcontent.load_site(folder.root, selection=NO_PLUGINS, as_of=AS_OF, cache_dir=cache)
    assert {post.source_path for post in site.posts} == {
        "content/posts/2024-01-02-first.md",
        "content/posts/second.md",
        "content/posts/third.md",
        "content/posts/2024-04-05-html-post.html",
    }
    # A cache inside content/ is skipped too: its name starts with a dot.
    inner = folder.root / "content/posts/.coachcontent-cache"
    assert load(folder, inner) == load(folder, None)
    out = folder.root.parent / "out"
    coachcontent.build_site(site, out, selection=coachcontent.PluginSelection(enabled=[]))
    assert not any(".coachcontent-cache" in path.parts for path in out.rglob("*"))


def test_an_unwritable_cache_folder_only_warns(
    folder: SiteFolder, cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    expected = load(folder, None)
    blocked = folder.root / "a-file"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="coachcontent"):
        assert load(folder, blocked / "cache") == expected
    assert any("could not write the load cache" in message for message in caplog.messages)


def test_one_cache_folder_for_two_sites_never_mixes_them(tmp_path: Path) -> None:
    first, second = SiteFolder(tmp_path / "one"), SiteFolder(tmp_path / "two")
    fill(first)
    fill(second)
    second.post("second.md", "title: Another second\ndate: 2024-02-03", "Different words.\n")
    age(second.root)
    shared = tmp_path / "shared-cache"
    for _ in range(2):
        assert load(first, shared) == load(first, None)
        assert load(second, shared) == load(second, None)


# -- the fast paths ---------------------------------------------------------------

FRONT_MATTERS = [
    'title: "Quoted: with colon"\ndate: 2024-01-02 09:30:00\nslug: a-slug',
    "title: Plain, with comma\nauthor: ada\ntags: [one, 'two', \"three four\"]",
    "draft: yes\nsticky: off\nweight: 010\ncount: 0x1F\nratio: 1_000.5\nnothing: ~\nempty:",
    "title: 2024\nwhen: 2023-02-30\nwhere: 12:30:45\nurl: https://example.com/a?b=c",
    "title: caf\u00e9 \u00e0 la carte\nnote: it's fine\nsign: a:b",
    "y: 1\nn: 2\nTrue: 3",
    "on: true",  # a boolean key: the full loader says how it is kept
    "title: a # comment",
    "title: one\ntitle: two",
    "title: 'it''s'",
    'title: "escaped \\" quote"',
    "title: |\n  block",
    "title: &anchor x\nother: *anchor",
    "tags:\n- a\n- b",
    "title: a: b",
    "title: [unclosed",
    "title: x\n  continued",
    "title: tab\there",
    "list: [a, [b]]",
    "date: 2024-01-02t10:00:00.5-05:00",
]


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_plain_front_matter_reads_as_the_yaml_loader_reads_it(front: str) -> None:
    fast = _parse_yaml_document(f"---\n{front}\n---\nbody\n")
    # A comment line sends the same front matter through the full loader (one line down).
    full = _parse_yaml_document(f"---\n# full loader\n{front}\n---\nbody\n")
    if isinstance(full, tuple) and full[0] == "error":
        message = re.sub(r"line (\d+)", lambda match: f"line {int(match.group(1)) - 1}", full[2])
        assert fast == ("error", full[1] - 1, message)
    else:
        data, lines = full
        assert fast == (data, {key: line - 1 for key, line in lines.items()})


def _parse_yaml_document(text: str) -> Any:
    try:
        document = parse_document(text)
    except FrontMatterError as error:
        return ("error", error.line, error.message)
    return ({key: (type(value), value) for key, value in document.data.items()}, document.lines)


def test_the_usual_front_matter_takes_the_fast_path() -> None:
    assert _parse_simple_yaml('title: "A"\ndate: 2024-01-02 09:30:00\ntags: ["x", "y"]\nauthor: ada') is not None
    assert _parse_simple_yaml("title: A\n# a comment") is None


HTML_SAMPLES = [
    '<p>Text <a href="https://example.com/a?b=1&amp;c=2" title="t">x</a> <img src="/a.png" alt="a: b" /></p>',
    '<p><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></p><section class="footnotes" data-footnotes></section>',
    '<ul>\n<li><input type="checkbox" checked="" disabled="" /> done</li>\n</ul>',
    '<p><a href="note">relative</a> <a href="mailto:a@b.example">mail</a> <a href="">empty</a></p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a HREF="javascript:x">x</a>',
    "<a href=javascript:x>x</a>",
    "<a href='data:text/html,x'>x</a>",
    '<img src="x" onerror="alert(1)">',
    '<img src="x" ONERROR="alert(1)">',
    '<iframe srcdoc="&lt;script&gt;"></iframe>',
    '<img srcset="https://a.example/a.png 1x, javascript:x 2x">',
    '<object data="vbscript:x"></object>',
    '<svg><a xlink:href="javascript:x">x</a></svg>',
    '<form action="data:x"><button formaction="javascript:x">b</button></form>',
    '<p title="<img src=x onerror=alert(1)>">quoted</p>',
    "<!-- <a onclick=x> --><p>after a comment</p>",
    "<!--more--><p>plain</p>",
    '<p>a < b and <a href="/ok">ok</a></p>',
    '<a href="/ok"onclick="x">glued</a>',
    '<div style="background:url(javascript:x)" background="javascript:x">bg</div>',
]


@pytest.mark.parametrize("html", HTML_SAMPLES)
def test_link_checks_agree_with_the_parse(html: str) -> None:
    assert content_problems(html) == _parsed_problems(html)


def test_link_checks_agree_with_the_parse_on_random_markup() -> None:
    pieces = [
        "<a", "<img", "<p>", "</p>", "</a>", "<!--", "-->", " ", "\n", "/", ">", "/>", '"', "'", "=", "&",
        "href", "HREF", "src", "srcset", "onclick", "on", "data", "data-x", "title", "cite", "poster",
        "javascript:", "jav&#x61;script:", "&colon;", "&#58;", ":", "https://", "mailto:", "/x", "#", "x y",
    ]  # fmt: skip
    generator = random.Random(20240101)
    fast = 0
    for _ in range(3000):
        html = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 20)))
        try:
            expected = _parsed_problems(html)
        except ValueError:  # lxml refuses some text; the fast path never sees such markup
            continue
        assert content_problems(html) == expected, html
        fast += _PLAIN_HTML.fullmatch(html) is not None
    assert fast > 100  # the fast path was taken often enough to mean something


def _full_summary(source: str, words: int) -> str:
    """The summary made from the whole source parsed (the reference for the cut-short parse)."""
    return _summarise(_fragment(source), words)[0]


def test_summaries_from_the_first_blocks_equal_those_from_the_whole() -> None:
    generator = random.Random(7)
    vocabulary = ["coach", "team", "trust", "&amp;", "*em*", "**strong**", "`code`", "[link](/x)", "caf\u00e9"]
    raw = ["<div>", "</div>", "<p>", "<span>", "<script>x</script>", "<!-- c -->", "</body>", "<table><tr><td>"]

    def paragraph() -> str:
        pool = vocabulary + raw if generator.random() < 0.2 else vocabulary
        return " ".join(generator.choice(pool) for _ in range(generator.randint(1, 40)))

    blocks = [
        paragraph,
        lambda: "## " + paragraph(),
        lambda: "\n".join("- " + paragraph() for _ in range(generator.randint(1, 4))),
        lambda: "> " + paragraph() + "\n>\n> " + paragraph(),
        lambda: "```\n" + paragraph() + "\n```",
        lambda: generator.choice(raw) + paragraph(),
    ]
    cut_short = 0
    for _ in range(400):
        source = render_markdown("\n\n".join(generator.choice(blocks)() for _ in range(generator.randint(1, 20))))
        for words in (0, 3, 25, 55):
            assert make_summary(source, words) == _full_summary(source, words), (words, source)
            cut_short += _leading_fragment(source, words) is not None
    assert cut_short > 200  # the cut-short parse was taken often enough to mean something


def test_an_entry_kept_in_the_cache_that_gains_its_summary_is_written_again(folder: SiteFolder, cache: Path) -> None:
    # Two posts with one slug: the second is left out (an error), though read and kept
    # in the cache without the summary it was never asked for.  Once the first is gone,
    # it comes from the cache, its summary is made, and the cache keeps it with it.
    folder.post("clash-a.md", "title: Clash\nslug: clash\ndate: 2024-06-01", "Alpha words here for a summary.\n")
    folder.post("clash-b.md", "title: Clash again\nslug: clash\ndate: 2024-06-02", "Beta words here for a summary.\n")
    age(folder.root)
    assert load(folder, cache)[0] == "errors:"
    (folder.root / "content/posts/clash-a.md").unlink()
    expected = load(folder, None)
    assert any("Beta words" in line for line in expected)
    assert load(folder, cache) == expected  # the summary made and the cache written with it
    written = {path: path.stat().st_mtime_ns for path in shards(cache)}
    assert load(folder, cache) == expected
    assert {path: path.stat().st_mtime_ns for path in shards(cache)} == written  # nothing new: not written again
