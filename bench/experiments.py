"""Try proposed optimisations without touching the code: patch them in, then profile.

    python bench/experiments.py --source DIR [--patch core,frozendict,readingtime,chrome] [profile_build options]

Each patch is the behaviour of a change proposed in the benchmark note, applied by
monkeypatching in this process only, so its gain can be measured before anyone edits
``src/`` or ``plugins/``:

* ``frozendict``: ``FrozenDict.__contains__``/``get`` straight on the inner dict (the
  ``Mapping`` defaults go through ``__getitem__`` and an exception).
* ``core``: ``Site`` queries that scan every post or walk the term tree on each call are
  memoised on the site's index: ``term_path``, ``term_url``, ``posts_in``, ``archives``,
  ``posts_by_author``, ``posts_of(descendants=True)``.
* ``readingtime``: the readingtime plugin's head-metadata hook remembers, per site, whether
  any post has an event instead of scanning every post on every page.
* ``chrome``: the html theme's header, sidebar and footer widgets rendered once per build
  and region and reused (the current page's ``aria-current`` marks are put back by string
  replacement), instead of once per page.

The patches are measurement aids, not the implementation: see the note for the diffs.
"""

from __future__ import annotations

import argparse
import functools
import sys
import weakref
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def patch_frozendict() -> None:
    from coachcontent.models.frozendict import FrozenDict

    def __contains__(self: Any, key: object) -> bool:
        return key in self._data

    def get(self: Any, key: Any, default: Any = None) -> Any:
        return self._data.get(key, default)

    FrozenDict.__contains__ = __contains__  # type: ignore[method-assign,assignment]
    FrozenDict.get = get  # type: ignore[method-assign,assignment]


def _memo(index: Any) -> dict[Any, Any]:
    memo = index.__dict__.get("_bench_memo")
    if memo is None:
        memo = index.__dict__["_bench_memo"] = {}
    return memo  # type: ignore[no-any-return]


def patch_core() -> None:
    from coachcontent.models.site import Site

    def memoised(name: str, key_of: Any = None) -> None:
        original = getattr(Site, name)

        @functools.wraps(original)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            memo = _memo(self._index)
            key = (name, args, tuple(sorted(kwargs.items())))
            try:
                return memo[key]
            except KeyError:
                value = memo[key] = original(self, *args, **kwargs)
                return value

        setattr(Site, name, wrapper)

    for name in ("term_path", "term_url", "archives", "posts_by_author", "posts_of", "term_descendants"):
        memoised(name)

    # posts_in: one pass that groups every post by (year, month) and by year.
    def posts_in(self: Any, year: int, month: int | None = None) -> tuple[Any, ...]:
        memo = _memo(self._index)
        groups = memo.get("posts_in")
        if groups is None:
            grouping: dict[tuple[int, int | None], list[Any]] = {}
            for post in self._index.published:
                local = self.local(post.date)
                grouping.setdefault((local.year, local.month), []).append(post)
                grouping.setdefault((local.year, None), []).append(post)
            groups = memo["posts_in"] = {key: tuple(posts) for key, posts in grouping.items()}
        return groups.get((year, month), ())  # type: ignore[no-any-return]

    Site.posts_in = posts_in  # type: ignore[method-assign]


def patch_readingtime() -> None:
    try:
        from coachcontent_readingtime import plugin
    except ImportError:
        return
    original = plugin.coachcontent_head_metadata
    cache: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
    results: dict[int, Any] = {}

    @functools.wraps(original)  # keeps the hookimpl marker
    def coachcontent_head_metadata(site: Any) -> Any:
        key = id(site)
        if cache.get(key) is not site:
            cache[key] = site
            results[key] = original(site=site)
        return results[key]

    plugin.coachcontent_head_metadata = coachcontent_head_metadata  # type: ignore[assignment]


def patch_chrome() -> None:
    """Render each header/sidebar/footer widget once per region and reuse it."""
    import re

    from coachcontent_html import pages

    original_render = pages._render
    widget_cache: dict[tuple[int, str], str] = {}
    current = re.compile(r' aria-current="(?:page|true)"')

    def _render(state: Any, templates: Any, view: Any, **kwargs: Any) -> str:
        env = state.env
        if not getattr(env, "_bench_patched", False):
            env._bench_patched = True
            original_get = env.get_template

            def get_template(name: Any, *args: Any, **kw: Any) -> Any:
                template = original_get(name, *args, **kw)
                if isinstance(name, str) and name.startswith("widgets/") and name not in ("widgets/search.html",):
                    return _CachedWidget(template, name)
                return template

            env.get_template = get_template
        return original_render(state, templates, view, **kwargs)

    class _CachedWidget:
        """A widget template whose output, without the current-page marks, is kept per region."""

        def __init__(self, template: Any, name: str) -> None:
            self._template = template
            self._name = name

        def __getattr__(self, attribute: str) -> Any:
            return getattr(self._template, attribute)

        def root_render_func(self, context: Any) -> Any:
            region = context.get("region", "")
            view = context.get("view")
            key = (id(context.get("site")), self._name + "|" + str(region))
            html = widget_cache.get(key)
            if html is None:
                html = "".join(self._template.root_render_func(context))
                html = widget_cache[key] = current.sub("", html)
            url = getattr(view, "url", None)
            if url:
                # Mark the current page's link again, as the real widget would.
                html = html.replace(f'href="{url}"', f'href="{url}" aria-current="page"', 1)
            yield html

        @property
        def blocks(self) -> Any:
            return self._template.blocks

        def new_context(self, *args: Any, **kwargs: Any) -> Any:
            return self._template.new_context(*args, **kwargs)

    pages._render = _render  # type: ignore[assignment]


PATCHES = {"frozendict": patch_frozendict, "core": patch_core, "readingtime": patch_readingtime, "chrome": patch_chrome}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--patch", default="frozendict,core,readingtime,chrome")
    args, rest = parser.parse_known_args(argv)
    chosen = [p.strip() for p in args.patch.split(",") if p.strip()]
    for name in chosen:
        PATCHES[name]()
    print(f"patches applied: {', '.join(chosen) or 'none'}")
    import profile_build

    return profile_build.main(rest)


if __name__ == "__main__":
    sys.exit(main())
