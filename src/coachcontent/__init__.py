"""coachcontent: content models, loaders and a safe static build for professional websites.

Importing the package is cheap: the models come with it; loaders, the build,
the plugin manager and their dependencies load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coachcontent.errors import (
    BuildError,
    ContentError,
    ContentErrors,
    InvalidSiteError,
    Problem,
)
from coachcontent.models import (
    Archive,
    Author,
    Breadcrumb,
    Entry,
    FrozenDict,
    Image,
    Link,
    LinkList,
    NavItem,
    NavTree,
    Page,
    PageNode,
    Post,
    ShareLink,
    Site,
    SocialProfile,
    TagCloudEntry,
    Taxonomy,
    Term,
    TermNode,
    TermRef,
    UrlScheme,
    network_label,
    output_path,
)
from coachcontent.models.head import JsonLd, LinkTag, MetaTag
from coachcontent.slugs import make_slug, unique_slugs

__version__ = "0.1.0"

# Names loaded on first access, so `import coachcontent` stays cheap.
_LAZY = {
    "load_site": "coachcontent.content.loader",
    "demo_path": "coachcontent.content.loader",
    "render_markdown": "coachcontent.content.markdown",
    "make_summary": "coachcontent.content.summary",
    "plain_text": "coachcontent.content.text",
    "parse_fragment": "coachcontent.content.text",
    "build_site": "coachcontent.build.builder",
    "BuildReport": "coachcontent.build.builder",
    "write_outputs": "coachcontent.build.writer",
    "WriteReport": "coachcontent.build.writer",
    "Output": "coachcontent.build.output",
    "BuildContext": "coachcontent.build.context",
    "folder_digest": "coachcontent.build.context",
    "PluginSelection": "coachcontent.plugins",
    "PluginError": "coachcontent.plugins",
    "make_plugin_manager": "coachcontent.plugins",
    "hookimpl": "coachcontent.plugins",
    "ConfigKey": "coachcontent.config",
    "ConfigSection": "coachcontent.config",
    "View": "coachcontent.views",
    "Deferred": "coachcontent.views",
    "resolved": "coachcontent.views",
}

if TYPE_CHECKING:
    from coachcontent.build.builder import BuildReport, build_site
    from coachcontent.build.context import BuildContext, folder_digest
    from coachcontent.build.output import Output
    from coachcontent.build.writer import WriteReport, write_outputs
    from coachcontent.config import ConfigKey, ConfigSection
    from coachcontent.content.loader import demo_path, load_site
    from coachcontent.content.markdown import render_markdown
    from coachcontent.content.summary import make_summary
    from coachcontent.content.text import parse_fragment, plain_text
    from coachcontent.plugins import PluginError, PluginSelection, hookimpl, make_plugin_manager
    from coachcontent.views import Deferred, View, resolved


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'coachcontent' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Archive",
    "Author",
    "Breadcrumb",
    "BuildContext",
    "BuildError",
    "BuildReport",
    "ConfigKey",
    "ConfigSection",
    "ContentError",
    "ContentErrors",
    "Deferred",
    "Entry",
    "FrozenDict",
    "Image",
    "InvalidSiteError",
    "JsonLd",
    "Link",
    "LinkList",
    "LinkTag",
    "MetaTag",
    "NavItem",
    "NavTree",
    "Output",
    "Page",
    "PageNode",
    "PluginError",
    "PluginSelection",
    "Post",
    "Problem",
    "ShareLink",
    "Site",
    "SocialProfile",
    "TagCloudEntry",
    "Taxonomy",
    "Term",
    "TermNode",
    "TermRef",
    "UrlScheme",
    "View",
    "WriteReport",
    "__version__",
    "build_site",
    "demo_path",
    "folder_digest",
    "hookimpl",
    "load_site",
    "make_plugin_manager",
    "make_slug",
    "make_summary",
    "network_label",
    "output_path",
    "parse_fragment",
    "plain_text",
    "render_markdown",
    "resolved",
    "unique_slugs",
    "write_outputs",
]
