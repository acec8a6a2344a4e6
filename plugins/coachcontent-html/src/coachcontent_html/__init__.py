"""coachcontent-html: the HTML theme of coachcontent.

Every page of the site from Jinja2 templates (autoescape on, undefined
names are errors): home, posts, pages, term, author and date archives and a
404 page, plus ``/search-index.json`` and the theme's stylesheet, script and
icon under content-hashed names (``/theme/style.3f2a9c1b.css``).
Templates in the site folder's ``templates/`` win over the theme's.
"""

from coachcontent_html.assets import Asset, theme_assets
from coachcontent_html.feedlinks import Feed, FeedGroup
from coachcontent_html.head import head_element, script_json
from coachcontent_html.links import safe_href
from coachcontent_html.pages import (
    Navigation,
    Pagination,
    TermGroup,
    TermLink,
    home_order,
    paginate,
    post_terms,
)
from coachcontent_html.plugin import site_outputs
from coachcontent_html.search import SEARCH_INDEX_URL, search_index
from coachcontent_html.settings import HTML_SECTION, WIDGETS, ThemeSettings, theme_settings

__all__ = [
    "HTML_SECTION",
    "SEARCH_INDEX_URL",
    "WIDGETS",
    "Asset",
    "Feed",
    "FeedGroup",
    "Navigation",
    "Pagination",
    "TermGroup",
    "TermLink",
    "ThemeSettings",
    "head_element",
    "home_order",
    "paginate",
    "post_terms",
    "safe_href",
    "script_json",
    "search_index",
    "site_outputs",
    "theme_assets",
    "theme_settings",
]
