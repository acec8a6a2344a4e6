"""The Jinja2 environment: the site's own templates first, then the theme's."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
)
from markupsafe import Markup

from coachcontent import Site, plain_text
from coachcontent_html.dates import format_date, month_name
from coachcontent_html.head import script_json
from coachcontent_html.links import safe_href
from coachcontent_html.settings import ThemeSettings
from coachcontent_html.widgets import partial, widget


def site_templates(site: Site) -> Path | None:
    """The site folder's ``templates/`` folder, when there is one."""
    if site.source_dir is None:
        return None
    folder = Path(site.source_dir) / "templates"
    return folder if folder.is_dir() else None


def make_loader(site: Site) -> BaseLoader:
    """Templates from ``<site>/templates/`` win over the theme's of the same name;
    ``theme/<name>`` always reaches the theme's own, so an override can extend it."""
    theme = PackageLoader("coachcontent_html", "templates")
    loaders: list[BaseLoader] = []
    own = site_templates(site)
    if own is not None:
        loaders.append(FileSystemLoader(str(own)))
    loaders += [theme, PrefixLoader({"theme": theme})]
    return ChoiceLoader(loaders)


def make_environment(site: Site, settings: ThemeSettings) -> Environment:
    """A Jinja2 environment for ``site``: autoescape on, undefined names are errors."""
    env = Environment(
        loader=make_loader(site),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        # Every template stays loaded, in a plain dict: Jinja's default LRU cache takes a
        # lock and reorders a queue on each lookup (16 lookups a page).
        cache_size=-1,
    )

    def date_filter(moment: datetime) -> str:
        return format_date(site.local(moment), settings.date_format)

    def isodate_filter(moment: datetime) -> str:
        return site.local(moment).isoformat()

    def json_filter(value: Any) -> Markup:
        # script_json leaves no <, > or & in its text, so it cannot end a <script>.
        return Markup(script_json(value))  # noqa: S704

    env.filters.update(
        date=date_filter,
        isodate=isodate_filter,
        month_name=month_name,
        plaintext=plain_text,
        safe_href=safe_href,
        script_json=json_filter,
    )
    env.globals.update(widget=widget, partial=partial)
    return env
