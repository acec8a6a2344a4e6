"""Widgets and post cards, rendered once per build for each state they show.

A widget such as the tag cloud looks the same on every page except for the
``aria-current`` mark on the link to the page being shown.  Rendering it on
each of ten thousand pages was most of a large build's time, so the theme's
own widgets are rendered once for each distinct *state* (for the tag cloud:
which tag, if any, is current) and the HTML is reused.  :data:`WIDGET_STATES`
says, per widget, what in the page's context its output depends on besides
the site, the settings and the region; :data:`PARTIAL_STATES` does the same
for the post cards of listings (rendered once per post instead of on every
listing page that shows it).

A widget or partial the site overrides in ``templates/`` (or adds) may use
anything in the page's context, so it is rendered on every page.
"""

from __future__ import annotations

from collections import ChainMap, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from coachcontent import NavTree

#: The theme's own templates folder: only widgets loaded from here are reused.
THEME_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _constant(variables: Mapping[str, Any]) -> Hashable:
    return None


def _current_term(variables: Mapping[str, Any]) -> Hashable:
    term: Hashable = variables["view"].term
    return term


def _current_page(variables: Mapping[str, Any]) -> Hashable:
    view = variables["view"]
    return view.page.path if view.page is not None else None


def _menu_marks(menu_of: Callable[[Any], NavTree | None]) -> Callable[[Mapping[str, Any]], Hashable]:
    def marks(variables: Mapping[str, Any]) -> Hashable:
        menu = menu_of(variables["theme"])
        if menu is None:
            return None
        nav = variables["nav"]
        # The items the menu marks (its active trail) and how: "page" or "true".
        return tuple((id(item), nav.current(menu, item)) for item in nav.trail(menu))

    return marks


def _page_feeds(variables: Mapping[str, Any]) -> Hashable:
    feeds: Hashable = variables["page_feeds"]
    return feeds


#: What each of the theme's widgets shows that changes from page to page.
WIDGET_STATES: dict[str, Callable[[Mapping[str, Any]], Hashable]] = {
    "about": _constant,
    "archives": _constant,
    "categories": _current_term,
    "follow": _constant,
    "footer_menu": _menu_marks(lambda theme: theme.footer_menu),
    "link_lists": _constant,
    "menu": _menu_marks(lambda theme: theme.menu),
    "pages": _current_page,
    "recent_posts": _constant,
    "search": _constant,
    "subscribe": _page_feeds,
    "tags": _current_term,
}


def _card_state(variables: Mapping[str, Any]) -> Hashable:
    view, post = variables["view"], variables["post"]
    # The card of a post shows the "Featured" badge on the home page only, and
    # its byline links the comment count on a post page only.
    return (post.slug, variables["heading"], view.kind == "home" and post.sticky, view.kind == "post")


#: The theme's partials reused the same way, with the templates they include.
PARTIAL_STATES: dict[str, tuple[Callable[[Mapping[str, Any]], Hashable], tuple[str, ...]]] = {
    "partials/post_card.html": (_card_state, ("partials/post_meta.html",)),
}


def is_theme_template(template: Template) -> bool:
    """Whether ``template`` is the theme's own file (not a site's override)."""
    if template.filename is None:
        return False
    return Path(template.filename).resolve().is_relative_to(THEME_TEMPLATES)


class FragmentRenderer:
    """Renders widgets and reusable partials for a page, reusing the HTML of the theme's
    own templates for pages that show them in the same state.  One per :class:`ThemeState`."""

    #: Widget states kept at most: a widget has one state on most pages and one per term
    #: on term pages, which come one after the other (outputs go in path order).  Post
    #: cards are all kept: one per post, reused by every listing that shows the post.
    KEPT = 64

    def __init__(self) -> None:
        self._html: dict[tuple[str, Hashable], Markup | bytes] = {}
        self._widgets: OrderedDict[tuple[str, Hashable], Markup] = OrderedDict()
        self._reusable: dict[str, bool] = {}

    def _can_reuse(self, context: Context, name: str, includes: tuple[str, ...]) -> bool:
        if name not in self._reusable:
            env = context.environment
            self._reusable[name] = all(is_theme_template(env.get_template(t)) for t in (name, *includes))
        return self._reusable[name]

    def _render(
        self,
        context: Context,
        name: str,
        state: Callable[[Mapping[str, Any]], Hashable] | None,
        includes: tuple[str, ...],
        local: dict[str, Any],
    ) -> Markup:
        if state is None or not self._can_reuse(context, name, includes):
            return self._fresh(context, name, local)
        # The state is read through the page's context, without copying it (most widgets
        # are already rendered in the state they are in on this page).
        key = (name, state(ChainMap(local, context)))  # type: ignore[arg-type]
        if not name.startswith("widgets/"):
            # A post card is kept as it is when it is ASCII (one byte a character, and
            # given back without a copy); other text in UTF-8, since one character
            # beyond Latin-1 makes Python store every character of it in two bytes or four.
            data = self._html.get(key)
            if data is None:
                fresh = self._fresh(context, name, local)
                self._html[key] = fresh if fresh.isascii() else fresh.encode("utf-8")
                return fresh
            if isinstance(data, bytes):
                return Markup(data.decode("utf-8"))  # noqa: S704 - made by _fresh
            return data
        # Widgets: the most recently used states only (a term's widgets in the state of
        # that term's pages would otherwise stay for the whole build, in every worker),
        # kept as they are (a few large fragments on every page).
        kept = self._widgets
        found = kept.get(key)
        if found is None:
            found = kept[key] = self._fresh(context, name, local)
            if len(kept) > self.KEPT:
                kept.popitem(last=False)
            return found
        kept.move_to_end(key)
        return found

    @staticmethod
    def _fresh(context: Context, name: str, local: dict[str, Any]) -> Markup:
        template = context.environment.get_template(name, parent=context.name)
        return Markup(template.render({**context.get_all(), **local}))  # noqa: S704

    def widget(self, context: Context, name: str, region: str) -> Markup:
        """The HTML of ``widgets/<name>.html`` in ``region`` on the page of ``context``."""
        known = WIDGET_STATES.get(name)
        state = None if known is None else (lambda variables: (region, known(variables)))
        return self._render(context, f"widgets/{name}.html", state, (), {"region": region})

    def partial(self, context: Context, name: str, **local: Any) -> Markup:
        """The HTML of the partial template ``name`` with ``local`` variables added."""
        state, includes = PARTIAL_STATES.get(name, (None, ()))
        return self._render(context, name, state, includes, local)


@pass_context
def widget(context: Context, name: str, region: str) -> Markup:
    """The templates' ``widget(name, region)``: the widget's HTML for this page."""
    renderer: FragmentRenderer = context["theme"].fragments
    return renderer.widget(context, name, region)


@pass_context
def partial(context: Context, name: str, **local: Any) -> Markup:
    """The templates' ``partial(name, **variables)``: an included template's HTML."""
    renderer: FragmentRenderer = context["theme"].fragments
    return renderer.partial(context, name, **local)
