"""The plugin as the core meets it: the hook, the [related] section, the CLI, the cache."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import coachcontent_related as related
import pytest
from related_testkit import post, site_of

import coachcontent
import coachcontent.cli


@pytest.fixture
def site() -> coachcontent.Site:
    return site_of(
        [
            post("start", tags=["trust"], extra={"related": ["pinned"]}),
            post("close", tags=["trust"], day=1),
            post("pinned", tags=["pricing"], day=2),
            post("other", tags=["pricing"], day=3),
        ]
    )


def test_the_hook_answers_before_the_core_fallback(site: coachcontent.Site) -> None:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
    answer = pm.hook.coachcontent_related_posts(site=site, post=site.post("start"), limit=5)
    assert [p.slug for p in answer] == ["pinned", "close"]
    fallback = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=[]))
    answer = fallback.hook.coachcontent_related_posts(site=site, post=site.post("start"), limit=5)
    assert [p.slug for p in answer] == ["close"]  # the core counts shared terms only


def test_the_hook_says_none_are_related_rather_than_passing_on(site: coachcontent.Site) -> None:
    lonely = site_of([post("a", tags=["x"]), post("b", tags=["y"], day=1)])
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
    assert pm.hook.coachcontent_related_posts(site=lonely, post=lonely.post("a"), limit=5) == ()


def test_one_index_per_site_kept_while_the_site_lives() -> None:
    site = site_of([post("a", tags=["x"]), post("b", tags=["x"], day=1)])
    index = related.related_index(site)
    assert related.related_index(site) is index
    assert related.rank(site, site.post("a")) == related.rank(site, site.post("a"))
    twin = site_of(list(site.posts))
    assert related.related_index(twin) is not index
    gone = weakref.ref(index)
    del index, site
    gc.collect()
    assert gone() is None


def test_ranking_starts_with_the_build_and_answers_as_asked_directly() -> None:
    # As a build begins, every post's ranking starts on a thread; asking waits for it.
    posts = [post(f"p{i}", tags=[f"t{i % 3}", f"t{i % 5}"], day=i) for i in range(40)]
    started, direct = site_of(posts), site_of(posts)
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
    pm.hook.coachcontent_build_started(build=coachcontent.BuildContext(started), site=started)
    for item in posts:
        answers = [
            [p.slug for p in pm.hook.coachcontent_related_posts(site=site, post=site.post(item.slug), limit=4)]
            for site in (started, direct)
        ]
        assert answers[0] == answers[1]
        assert answers[0]
    # The started work keeps nothing alive once the site is gone.
    gone = weakref.ref(started)
    del started
    gc.collect()
    assert gone() is None


def test_a_process_forked_as_ranking_runs_gets_it_finished(tmp_path: Path) -> None:
    # The render pool forks after the outputs are made: never in the middle of a ranking.
    import os

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    posts = [post(f"p{i}", tags=[f"t{i % 7}", f"t{i % 11}"], day=i) for i in range(300)]
    site = site_of(posts)
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
    pm.hook.coachcontent_build_started(build=coachcontent.BuildContext(site), site=site)
    expected = [p.slug for p in related.related_posts(site_of(posts), posts[7], 5)]
    answer = tmp_path / "child"
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's own coverage is not collected
        try:
            found = [p.slug for p in pm.hook.coachcontent_related_posts(site=site, post=site.post("p7"), limit=5)]
            answer.write_text(" ".join(found))
        finally:
            os._exit(0)
    import signal
    import time

    deadline = time.monotonic() + 60
    while os.waitpid(child, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:  # the child waits for a ranking no thread of its makes
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            pytest.fail("the forked process never got the related posts")
        time.sleep(0.01)
    assert answer.read_text().split() == expected


_CHILD_SCRIPT = """
import multiprocessing, random, sys, threading
from pathlib import Path
import attrs
import coachcontent
from coachcontent_related.plugin import CHILD_MIN_POSTS
from related_testkit import post, site_of

cache = Path(sys.argv[1])
rng = random.Random(4)
vocabulary = [f"{a}{b}word" for a in "abcdefgh" for b in "klmnoprs"]
posts = [
    post(f"p{i}", tags=[f"t{i % 23}"], day=i % 2000,
         body="<p>" + " ".join(rng.choice(vocabulary) for _ in range(30)) + "</p>")
    for i in range(CHILD_MIN_POSTS)
]
pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
for kept in (False, True):
    assert threading.active_count() == 1
    site = attrs.evolve(site_of(posts), cache_dir=str(cache))
    before = set(multiprocessing.active_children())
    pm.hook.coachcontent_build_started(build=coachcontent.BuildContext(site), site=site)
    children = set(multiprocessing.active_children()) - before
    print("children", len(children))
    direct = site_of(posts)
    for item in posts[::97]:
        answers = [
            [p.slug for p in pm.hook.coachcontent_related_posts(site=each, post=each.post(item.slug), limit=5)]
            for each in (site, direct)
        ]
        assert answers[0] == answers[1] and answers[0], answers
    assert not (children & set(multiprocessing.active_children()))  # the child is gone
    assert any((cache / "related-words").iterdir())  # and kept the words for the next build
print("same rankings")
"""


def test_a_large_sites_words_are_counted_in_a_child_process_with_the_same_rankings(tmp_path: Path) -> None:
    # From CHILD_MIN_POSTS posts on, with no words kept from an earlier build and no other
    # thread running (a fresh interpreter here), the words are counted in a forked child
    # while this process goes on (Linux); the rankings are those of counting them here.
    # With words kept, no child.
    import subprocess
    import sys

    cache = tmp_path / "cache"
    cache.mkdir()
    tests = Path(__file__).parent
    result = subprocess.run(
        [sys.executable, "-c", _CHILD_SCRIPT, str(cache)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tests), os.environ.get("PYTHONPATH")]))},
    )
    assert result.returncode == 0, result.stderr
    first, second, *_ = result.stdout.split("\n")
    assert first == f"children {1 if sys.platform == 'linux' else 0}"
    assert second == "children 0"
    assert result.stdout.rstrip().endswith("same rankings")


def test_the_section_declares_every_key_and_the_readme_documents_it() -> None:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["related"]))
    sections = [s for found in pm.hook.coachcontent_config_sections() for s in found]
    section = next(s for s in sections if s.name == "related")
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for key in section.keys:
        assert f"`{key.name}`" in readme, key.name
        assert key.description
    assert section.check({"limit": 3, "taxonomies": {"tags": 2}}) == []
    problems = dict(section.check({"max_df": 0.0, "taxonomies": {"tags": "much"}}))
    assert set(problems) == {"max_df", "taxonomies"}


def write_site(root: Path, related_table: str = "") -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "site.toml").write_text(
        '[site]\ntitle = "Mini"\nurl = "https://mini.example"\n\n[plugins]\nenabled = ["related"]\n' + related_table,
        encoding="utf-8",
    )
    posts = {
        "2024-01-01-trust": ("Trust at work", "[trust, feedback]", "Trust grows from candour."),
        "2024-02-01-candour": ("Candour", "[trust, feedback]", "Candour needs trust."),
        "2024-03-01-pricing": ("Pricing", "[pricing]", "Pricing without apology."),
        "2024-04-01-proposals": ("Proposals", "[pricing]", "Short proposals win."),
    }
    for name, (title, tags, body) in posts.items():
        (root / "content" / "posts" / f"{name}.md").write_text(
            f"---\ntitle: {title}\ndate: {name[:10]}\ntags: {tags}\n---\n{body}\n", encoding="utf-8"
        )
    return root


def test_the_command_prints_the_ranking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path / "site")
    assert coachcontent.cli.main(["related", str(root), "trust"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Related posts for 'Trust at work' (trust)"
    assert out[1] == "  4 published posts; limit 5, threshold 0.1"
    assert out[3].startswith(" 1. ") and out[3].endswith("  candour")
    assert out[4] == "      Candour"
    assert any(line.startswith("      tags         +") and line.endswith("  trust") for line in out)
    assert not any("pricing" in line for line in out)


def test_the_command_explains_a_pair_by_slug_or_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path / "site")
    code = coachcontent.cli.main(["related", str(root), "2024-01-01-trust", "--explain", "pricing", "--limit", "1"])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("Why 'Pricing' (pricing) for 'Trust at work' (trust):\n")
    assert "below the threshold 0.1" in out
    assert "The two posts share nothing that counts." in out


def test_the_command_reports_unknown_posts_and_broken_sites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path / "site")
    assert coachcontent.cli.main(["related", str(root), "candor"]) == 1
    assert "no post with the slug 'candor'; did you mean candour?" in capsys.readouterr().err
    broken = write_site(tmp_path / "broken", "\n[related]\nmax_df = 3.0\n")
    assert coachcontent.cli.main(["related", str(broken), "trust"]) == 1
    err = capsys.readouterr().err
    assert "site.toml" in err and "related.max_df" in err


def test_demo_posts_get_the_relatives_a_reader_expects() -> None:
    demo = coachcontent.load_site(coachcontent.demo_path())
    series = ["first-ninety-days-listen-first", "first-ninety-days-early-wins", "first-ninety-days-build-the-team"]
    for slug in series:
        top_two = [p.slug for p in related.related_posts(demo, demo.post(slug), 2)]
        assert sorted(top_two) == sorted(s for s in series if s != slug)
    first = related.related_posts(demo, demo.post("influence-without-authority"), 1)
    assert [p.slug for p in first] == ["building-coalitions-across-the-org-chart"]
