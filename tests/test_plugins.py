"""The plugin manager: fresh per build, loud on misspelled hooks, selectable, replaceable built-ins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coachcontent import (
    ConfigKey,
    ConfigSection,
    PluginError,
    PluginSelection,
    Post,
    Site,
    hookimpl,
    make_plugin_manager,
)

from .conftest import SiteFolder

WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def test_builtin_plugins_are_ordinary_plugins() -> None:
    pm = make_plugin_manager(PluginSelection(enabled=[]))
    assert sorted(name for name, _ in pm.list_name_plugin()) == ["core.redirects", "core.related", "core.static"]


def test_a_misspelled_hook_fails_loudly() -> None:
    class Typo:
        @hookimpl
        def coachcontent_output(self) -> list[object]:  # missing "s"
            return []

    with pytest.raises(PluginError, match="unknown hook 'coachcontent_output'"):
        make_plugin_manager(PluginSelection(enabled=[], extra=[Typo()]))


def test_a_missing_plugin_is_named() -> None:
    with pytest.raises(PluginError, match=r"plugin\(s\) not installed: no-such-plugin"):
        make_plugin_manager(PluginSelection(enabled=["no-such-plugin"]))


def test_each_call_gives_a_fresh_manager() -> None:
    first = make_plugin_manager(PluginSelection(enabled=[]))
    second = make_plugin_manager(PluginSelection(enabled=[]))
    assert first is not second


def test_selection_precedence_config_environment_arguments() -> None:
    config = {"enabled": ["a", "b"], "disabled": ["c"]}
    assert PluginSelection.from_sources(config=config, environ={}).enabled == ("a", "b")
    env = {"COACHCONTENT_PLUGINS": "x, y", "COACHCONTENT_DISABLE_PLUGINS": "z"}
    from_env = PluginSelection.from_sources(config=config, environ=env)
    assert (from_env.enabled, from_env.disabled) == (("x", "y"), ("c", "z"))
    explicit = PluginSelection.from_sources(config=config, environ=env, enabled=["only"], disabled=["w"])
    assert (explicit.enabled, explicit.disabled) == (("only",), ("c", "w", "z"))
    assert PluginSelection.from_sources(environ={}).enabled is None


def test_a_user_plugin_replaces_the_builtin_fallback() -> None:
    posts = [
        Post(slug="a", title="A", date=WHEN, terms={"tags": ["t"]}),
        Post(slug="b", title="B", date=WHEN, terms={"tags": ["t"]}),
        Post(slug="c", title="C", date=WHEN),
    ]
    from coachcontent import Taxonomy, Term

    site = Site(
        title="x",
        base_url="https://x.example",
        posts=posts,
        taxonomies=[Taxonomy(name="tags", terms=[Term(slug="t", name="T")])],
    )
    fallback = make_plugin_manager(PluginSelection(enabled=[]))
    assert [p.slug for p in fallback.hook.coachcontent_related_posts(site=site, post=site.post("a"), limit=5)] == ["b"]

    class Mine:
        @hookimpl
        def coachcontent_related_posts(self, site: Site, post: Post) -> list[Post]:
            return [site.post("c")]

    pm = make_plugin_manager(PluginSelection(enabled=[], extra=[Mine()]))
    assert [p.slug for p in pm.hook.coachcontent_related_posts(site=site, post=site.post("a"), limit=5)] == ["c"]
    without = make_plugin_manager(PluginSelection(enabled=[], disabled=["core.related"]))
    assert without.hook.coachcontent_related_posts(site=site, post=site.post("a"), limit=5) is None


def test_the_builtin_fallback_ranks_by_shared_terms_and_windows_large_terms() -> None:
    from datetime import timedelta

    from coachcontent import Taxonomy, Term

    # 300 posts, one a day, all in the category "big"; posts 10 and 250 share the rare tag "r" with 0.
    posts = [
        Post(
            slug=f"p{i:03d}",
            title=f"P{i}",
            date=WHEN + timedelta(days=i),
            terms={"categories": ["big"], **({"tags": ["r"]} if i in (0, 10, 250) else {})},
        )
        for i in range(300)
    ]
    site = Site(
        title="x",
        base_url="https://x.example",
        posts=posts,
        taxonomies=[
            Taxonomy(name="categories", hierarchical=True, terms=[Term(slug="big", name="Big")]),
            Taxonomy(name="tags", terms=[Term(slug="r", name="R")]),
        ],
    )
    hook = make_plugin_manager(PluginSelection(enabled=[])).hook

    def related(slug: str, limit: int = 4) -> list[str]:
        return [p.slug for p in hook.coachcontent_related_posts(site=site, post=site.post(slug), limit=limit)]

    # Two shared terms beat one, then newest first.  p250 is too far from p000 for "big"
    # to count, so it shares one term with it, as p001..p050 do.
    assert related("p000") == ["p010", "p250", "p050", "p049"]
    # In a term of more than 101 posts only the 50 on each side of a post count (by date):
    # p000's window in "big" holds p001..p050, so p051 and later share nothing with it there.
    assert set(related("p000", limit=100)) == {"p250", *(f"p{i:03d}" for i in range(1, 51))}
    # A post in the middle sees 50 newer and 50 older.
    middle = related("p150", limit=200)
    assert len(middle) == 100 and middle[0] == "p200" and middle[-1] == "p100"


class Greeter:
    """Declares a [greeter] section of site.toml."""

    @hookimpl
    def coachcontent_config_sections(self) -> list[ConfigSection]:
        def validate(values: Mapping[str, Any]) -> list[tuple[str, str]]:
            if values["times"] > 3 and not values["loud"]:
                return [("times", "more than 3 needs loud = true")]
            return []

        return [
            ConfigSection(
                name="greeter",
                description="Say hello.",
                keys=(
                    ConfigKey(name="greeting", type=str, default="Hello", description="The word."),
                    ConfigKey(name="times", type=int, default=1, description="How often."),
                    ConfigKey(name="loud", type=bool, default=False, description="Shout."),
                    ConfigKey(name="style", type=str, default="plain", description="How.", choices=("plain", "fancy")),
                ),
                validate=validate,
            )
        ]


def test_plugin_config_sections_are_checked_with_lines(folder: SiteFolder) -> None:
    import coachcontent

    folder.write(
        "site.toml",
        """
        [site]
        title = "T"
        url = "https://t.example"

        [greeter]
        greeting = 3
        tims = 2
        style = "odd"
        """,
    )
    with pytest.raises(coachcontent.ContentErrors) as info:
        coachcontent.load_site(folder.root, selection=PluginSelection(enabled=[], extra=[Greeter()]))
    assert [str(e) for e in info.value.errors] == [
        "site.toml:6: greeter.greeting: expected a string, got 3",
        "site.toml:7: greeter.tims: unknown key in [greeter] (accepted: greeting, loud, style, times)",
        "site.toml:8: greeter.style: expected one of 'plain', 'fancy', got 'odd'",
    ]
    folder.write("site.toml", "[site]\ntitle='T'\nurl='https://t.example'\n[greeter]\ntimes = 5\n")
    with pytest.raises(coachcontent.ContentErrors) as info:
        coachcontent.load_site(folder.root, selection=PluginSelection(enabled=[], extra=[Greeter()]))
    assert [str(e) for e in info.value.errors] == ["site.toml:5: greeter.times: more than 3 needs loud = true"]
    folder.write("site.toml", "[site]\ntitle='T'\nurl='https://t.example'\n[greeter]\ntimes = 2\n")
    site = coachcontent.load_site(folder.root, selection=PluginSelection(enabled=[], extra=[Greeter()]))
    section = Greeter().coachcontent_config_sections()[0]
    assert section.resolve(site.config_section("greeter")) == {
        "greeting": "Hello",
        "times": 2,
        "loud": False,
        "style": "plain",
    }


def test_plugins_command_lists_plugins_and_hooks(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("plugins", "--plugins", "")
    assert code == 0
    assert "core.related  (coachcontent (built in) 0.1.0)\n    coachcontent_related_posts\n" in out


def test_environment_variable_selects_plugins(
    cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHCONTENT_PLUGINS", "not-installed-anywhere")
    code, _, err = cli("plugins")
    assert code == 1
    assert "plugin(s) not installed: not-installed-anywhere" in err


def test_disabling_a_builtin_from_the_cli(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, out, _ = cli("plugins", "--plugins", "", "--disable-plugin", "core.static")
    assert code == 0
    assert "core.static" not in out


def test_a_hookimpl_with_an_unknown_argument_is_a_plugin_error() -> None:
    class WrongArgs:
        @hookimpl
        def coachcontent_outputs(self, site: Site, colour: str) -> list[object]:
            return []

    with pytest.raises(PluginError, match=r"(?s)plugin 'extra\.0\.WrongArgs': .*colour"):
        make_plugin_manager(PluginSelection(enabled=[], extra=[WrongArgs()]))
