"""schema.org JSON-LD for each kind of page, and its safe serialisation for ``<script>``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from coachcontent import Author, Breadcrumb, Image, JsonLd, Page, Post, Site
from coachcontent_share.images import absolute_http

CONTEXT = "https://schema.org"

# Inside <script> the HTML parser ends the element at "</script" and treats
# "<!--" specially; JavaScript engines end a line at U+2028/U+2029.  Escaping
# these characters as \\uXXXX keeps the JSON identical to a JSON parser while
# no HTML or JavaScript parser can see markup in it.  They can only occur
# inside JSON strings, where \\uXXXX means the same character.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)


def _plain(value: Any) -> Any:
    # json cannot serialise a FrozenDict (a Mapping but not a dict).
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def jsonld_script(obj: JsonLd | Mapping[str, Any]) -> str:
    """JSON text of a JSON-LD object, safe to write between ``<script>`` and ``</script>``.

    Keys are sorted (same input, same bytes), non-ASCII text is kept as is,
    and ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes so
    that no value can close the script element or open a comment.
    """
    data = obj.data if isinstance(obj, JsonLd) else obj
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return text.translate(_SCRIPT_TABLE)


def image_object(image: Image) -> dict[str, Any]:
    """An ``ImageObject`` with the size and caption when known."""
    result: dict[str, Any] = {"@type": "ImageObject", "url": image.src}
    if image.width:
        result["width"] = image.width
    if image.height:
        result["height"] = image.height
    if image.alt:
        result["caption"] = image.alt
    return result


def person(site: Site, author: Author, *, detailed: bool = False) -> dict[str, Any]:
    """A ``Person`` for an author: name and author page; with ``detailed``, bio,
    picture and profiles (``sameAs``) too."""
    result: dict[str, Any] = {
        "@type": "Person",
        "name": author.name,
        "url": site.absolute_url(site.url_for(author)),
    }
    if detailed:
        if author.bio:
            result["description"] = author.bio
        portrait = absolute_http(site, author.image)
        if portrait:
            result["image"] = portrait
        same_as = [
            url
            for url in (
                absolute_http(site, author.url),
                *(absolute_http(site, profile.url) for profile in author.social),
            )
            if url
        ]
        if same_as:
            result["sameAs"] = list(dict.fromkeys(same_as))
    return result


def website_id(site: Site) -> str:
    """The ``@id`` of the site's ``WebSite`` node, which pages point to with ``isPartOf``."""
    return f"{site.base_url}/#website"


def publisher(site: Site, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The site as the ``Organization`` that publishes its posts."""
    result: dict[str, Any] = {
        "@type": "Organization",
        "name": site.title,
        "url": f"{site.base_url}/",
    }
    logo = absolute_http(site, settings.get("publisher_logo") or site.logo)
    if logo:
        result["logo"] = {"@type": "ImageObject", "url": logo}
    return result


def website(site: Site, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The ``WebSite`` of the home page, with a ``SearchAction`` when a search URL is set."""
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": website_id(site),
        "name": site.title,
        "url": f"{site.base_url}/",
        "inLanguage": site.language,
        "publisher": publisher(site, settings),
    }
    if site.description:
        result["description"] = site.description
    search = settings.get("search_url", "")
    if search:
        result["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": site.absolute_url(search)},
            "query-input": "required name=search_term_string",
        }
    return result


def _authors(site: Site, entry: Post | Page) -> list[dict[str, Any]]:
    return [person(site, site.author(slug)) for slug in entry.authors]


def blog_posting(
    site: Site,
    post: Post,
    *,
    url: str,
    description: str,
    image: Image | None,
    settings: Mapping[str, Any],
) -> dict[str, Any]:
    """A ``BlogPosting`` with what search engines ask for: headline, dates, author,
    image, publisher and the page it is the main entity of."""
    published = site.local(post.date).isoformat()
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": post.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": site.local(post.updated).isoformat() if post.updated else published,
        "inLanguage": site.language,
        "publisher": publisher(site, settings),
        "isPartOf": {"@id": website_id(site)},
    }
    authors = _authors(site, post)
    if authors:
        result["author"] = authors
    if description:
        result["description"] = description
    if image is not None:
        result["image"] = image_object(image)
    if post.categories:
        result["articleSection"] = site.term("categories", post.categories[0]).name
    tags = [site.term("tags", slug).name for slug in post.tags]
    if tags:
        result["keywords"] = tags
    if post.canonical_url:
        # The full article lives elsewhere: say this copy is based on it.
        result["isBasedOn"] = post.canonical_url
    if post.comment_count is not None:
        result["commentCount"] = post.comment_count
    return result


def web_page(
    site: Site,
    page: Page,
    *,
    url: str,
    description: str,
    image: Image | None,
) -> dict[str, Any]:
    """A ``WebPage`` for a page of the page tree."""
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": page.title,
        "url": url,
        "inLanguage": site.language,
        "isPartOf": {"@id": website_id(site)},
    }
    if description:
        result["description"] = description
    if image is not None:
        result["primaryImageOfPage"] = image_object(image)
    if page.date is not None:
        result["datePublished"] = site.local(page.date).isoformat()
    if page.updated is not None:
        result["dateModified"] = site.local(page.updated).isoformat()
    authors = _authors(site, page)
    if authors:
        result["author"] = authors
    return result


def author_person(site: Site, author: Author) -> dict[str, Any]:
    """A ``Person`` for an author's page, with bio, portrait and profiles."""
    return {"@context": CONTEXT, **person(site, author, detailed=True)}


def collection_page(site: Site, *, name: str, url: str, description: str) -> dict[str, Any]:
    """A ``CollectionPage`` for listings: a category, a tag, an archive."""
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "inLanguage": site.language,
        "isPartOf": {"@id": website_id(site)},
    }
    if description:
        result["description"] = description
    return result


def breadcrumb_list(site: Site, crumbs: tuple[Breadcrumb, ...]) -> dict[str, Any]:
    """A ``BreadcrumbList`` from :meth:`Site.breadcrumbs <coachcontent.Site.breadcrumbs>`."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": site.absolute_url(crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
