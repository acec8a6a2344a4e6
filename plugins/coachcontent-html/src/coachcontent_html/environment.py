"""The Jinja2 environment: the site's own templates first, then the theme's."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Callable, MutableMapping
from datetime import datetime
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup, escape

from coachcontent import Deferred, Site, plain_text
from coachcontent_html.dates import format_date, month_name
from coachcontent_html.head import escaped, script_json
from coachcontent_html.links import safe_href
from coachcontent_html.settings import ThemeSettings
from coachcontent_html.widgets import THEME_TEMPLATES, partial, widget


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


#: Set (to anything) to compile the templates afresh on every build.
NO_TEMPLATE_CACHE = "COACHCONTENT_NO_TEMPLATE_CACHE"


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds in the user's own cache folder
    (``$XDG_CACHE_HOME/coachcontent/templates``, by default ``~/.cache/...``): compiling
    the theme's templates took about 0.1 s of every build.

    Jinja keeps each template under its name and file and checks the source's digest;
    the key here adds Jinja's and Python's versions and the environment's options.
    Only the theme's own templates are kept.  Reading or writing the cache never fails
    a build: the template is compiled instead.  The files hold code (marshalled, with a
    pickled digest), so the folder is used only when it is the user's alone, as
    Python's own ``__pycache__`` is.
    """

    def __init__(self, directory: Path, environment: Environment) -> None:
        super().__init__(str(directory), "%s.cache")
        # What the compiled code depends on besides the template's source.
        options = (
            environment.autoescape,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.keep_trailing_newline,
            environment.newline_sequence,
            environment.optimized,
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            sorted(environment.extensions),
        )
        self._salt = repr((jinja2.__version__, sys.version_info[:2], options))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = hashlib.sha256(f"{self._salt}|{name}|{filename}".encode("utf-8", "surrogatepass")).hexdigest()
        # Only the theme's own files are kept: a site's templates (in any number of
        # folders, temporary ones too) would make the cache grow without end.
        theme = filename is not None and Path(filename).resolve().is_relative_to(THEME_TEMPLATES)
        return key if theme else _NOT_KEPT + key

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key.startswith(_NOT_KEPT):
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable in any way (Jinja pickles the digest): compiled instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.key.startswith(_NOT_KEPT):
            return
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


_NOT_KEPT = "not-kept-"


def template_cache(environment: Environment) -> TemplateCache | None:
    """The cache of compiled templates, or ``None`` when it is turned off or its folder
    is not safely the user's own (a real folder, owned by the user, not writable by
    others: compiled templates are code)."""
    if os.environ.get(NO_TEMPLATE_CACHE):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "coachcontent" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.lstat()
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return TemplateCache(folder, environment)


class ThemeContext(Context):
    """Jinja's context, giving a template the value of a plugin's :class:`~coachcontent.Deferred`
    variable (computed on the first read) instead of the object."""

    def resolve_or_missing(self, key: str) -> Any:
        """The variable ``key`` (Jinja's own lookup, then a deferred value worked out)."""
        variables = self.vars
        if key in variables:
            value = variables[key]
        elif key in self.parent:
            value = self.parent[key]
        else:
            return missing
        return value.value if type(value) is Deferred else value


class ThemeTemplate(Template):
    """Jinja's template, writing each ``{{ value }}`` through :func:`~coachcontent_html.head.escaped`.

    With autoescaping, Jinja's compiled code passes every value it writes to
    ``escape``, markupsafe's, which makes a :class:`~markupsafe.Markup` of each
    (a call of Python code: about a tenth of a page's time).  The code calls
    ``escape`` only there, on what goes straight into the output, which is
    joined into one string (and made markup as a whole where a block or macro
    is captured): the same escaping, given back as a plain string, writes the
    same bytes.
    """

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        """The template of compiled ``code`` (see :meth:`jinja2.Template.from_code`)."""
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:  # the name Jinja's code writes values through
            namespace["escape"] = escaped
        return template


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
    env.context_class = ThemeContext
    env.template_class = ThemeTemplate
    env.bytecode_cache = template_cache(env)

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
