"""The hooks through which plugins meet the core.

Every hook is called with keyword arguments only; an implementation may
accept any subset of them.  Implementations run last-registered first;
built-in ones are registered first and marked ``trylast`` where they are
fallbacks, so an installed plugin always gets the first word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import argparse

    from coachcontent.build.context import BuildContext
    from coachcontent.build.output import Output
    from coachcontent.config import ConfigSection
    from coachcontent.models.entry import Page, Post
    from coachcontent.models.head import HeadElement
    from coachcontent.models.site import Site
    from coachcontent.models.social import ShareLink
    from coachcontent.views import View

hookspec = pluggy.HookspecMarker("coachcontent")

# -------------------------------------------------------------------------
# Setting up
# -------------------------------------------------------------------------


@hookspec(historic=True)
def coachcontent_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add hook specifications of a plugin's own, for other plugins to implement.

    Called (historic) once for every plugin as it is registered in a new
    plugin manager, before any other hook.

    :param pluginmanager: the build's plugin manager; call
        ``pluginmanager.add_hookspecs(module)``.
    """


@hookspec
def coachcontent_config_sections() -> Iterable[ConfigSection] | None:
    """Declare the plugin's own sections of ``site.toml``.

    Called once per load, before any content is read.  The core checks every
    declared section (unknown keys, wrong types, the section's own
    ``validate``) and reports problems with ``site.toml``'s line; a section
    no enabled plugin declares is reported as a warning and ignored.  Read
    the values with ``section.resolve(site.config_section(name))``.

    :returns: the sections the plugin owns.
    """


@hookspec
def coachcontent_cli_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add sub-commands to the ``coachcontent`` command line.

    Called when the command line is given a command that is not built in
    (and for ``--help``), so plugins are only loaded when they are needed.

    Add a parser with ``subparsers.add_parser(name, help=...)`` and set
    ``parser.set_defaults(run=function)``, where ``function(args) -> int``
    returns the exit code.

    :param subparsers: the command line's sub-command registry.
    """


# -------------------------------------------------------------------------
# Building
# -------------------------------------------------------------------------


@hookspec
def coachcontent_build_started(build: BuildContext, site: Site) -> None:
    """A build begins: start work that the outputs will need.

    Called once per build, in the building process, just before the plugins
    are asked for their outputs.  The place to start, on a thread of the
    plugin's own, work that outputs of any plugin will ask the plugin for
    and that leaves the interpreter free while it runs (NumPy and SciPy
    do): the other plugins make their outputs meanwhile.  The related-posts
    plugin starts ranking every post's related posts here; the HTML theme's
    post pages then find them ready.

    Whatever asks for the results must wait for the thread, and it must
    finish before the process forks (``os.register_at_fork(before=...)``):
    the render pool forks its workers after the outputs are made.  An error
    of that work should surface where the results are asked for, as if the
    work had been done there.

    :param build: the build about to collect its outputs.
    :param site: the site being built.
    """


@hookspec
def coachcontent_outputs(build: BuildContext, site: Site) -> Iterable[Output] | None:
    """Produce output files.

    Called once per build, after the site is loaded, before anything is written.

    Return :class:`~coachcontent.Output` records; the core checks their paths,
    renders them (possibly in other processes) and writes them atomically.
    Two plugins claiming one path is an error that names both.

    :param build: the build, for calling other hooks from renderers.
    :param site: the site being built.
    :returns: the outputs, in any order.
    """


# -------------------------------------------------------------------------
# Questions about content
# -------------------------------------------------------------------------


@hookspec(firstresult=True)
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> Sequence[Post] | None:
    """The posts related to ``post``, best first.

    Called by output plugins while rendering (e.g. the HTML theme, once per post page).

    Stops at first non-None result.  The core's fallback (``trylast``)
    counts shared terms.

    :param site: the site.
    :param post: the post to find relatives for.
    :param limit: the most posts to return.
    :returns: at most ``limit`` published posts, never ``post`` itself.
    """


@hookspec
def coachcontent_share_links(site: Site, entry: Post | Page) -> Sequence[ShareLink] | None:
    """Links that share ``entry`` on social networks.

    Called by output plugins while rendering a post or page.

    The results of all plugins are concatenated in call order.

    :param site: the site.
    :param entry: the post or page to share.
    :returns: the share links, in display order.
    """


@hookspec
def coachcontent_follow_links(site: Site) -> Sequence[ShareLink] | None:
    """Links to the site's own profiles ("Follow: LinkedIn, Mastodon, feed").

    Called by output plugins while rendering (the HTML theme: for every page).

    The results of all plugins are concatenated.  ``ShareLink.icon`` may
    carry inline SVG.

    :param site: the site.
    :returns: the follow links, in display order.
    """


@hookspec
def coachcontent_head_metadata(site: Site, view: View) -> Sequence[HeadElement] | None:
    """Elements for the ``<head>`` of one page: meta tags, link tags, JSON-LD.

    Called by the HTML theme for every page it renders.

    The results of all plugins are concatenated; the theme escapes each
    element for its context.

    :param site: the site.
    :param view: the page being rendered.
    :returns: meta tags, link tags and JSON-LD objects.
    """


@hookspec
def coachcontent_template_context(site: Site, view: View, template: str) -> Mapping[str, Any] | None:
    """Extra variables for a template.

    Called by the HTML theme for every page it renders.

    Mappings from all plugins are merged, later-called plugins' keys losing
    to earlier-called ones (so the last registered plugin wins).

    :param site: the site.
    :param view: the page being rendered.
    :param template: the template's name, e.g. ``"post.html"``.
    :returns: variables to add.  A value that costs time to work out and that
        a template may not show can be a :class:`~coachcontent.Deferred`: the
        theme computes it when a template first reads it, and never otherwise.
    """
