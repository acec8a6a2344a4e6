"""Head metadata for one page: Open Graph, X card tags and schema.org JSON-LD."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coachcontent import Author, Image, JsonLd, LinkTag, MetaTag, Page, Post, Site, SocialProfile
from coachcontent_share import jsonld
from coachcontent_share.config import resolved_settings
from coachcontent_share.images import share_image
from coachcontent_share.locales import og_locale
from coachcontent_share.plaintext import plain_text, shorten

if TYPE_CHECKING:
    from coachcontent import View

HeadElement = MetaTag | LinkTag | JsonLd


def _og(key: str, content: str) -> MetaTag:
    return MetaTag(key=key, content=content, attribute="property")


def _x(key: str, content: str) -> MetaTag:
    return MetaTag(key=key, content=content, attribute="name")


def x_handle(profiles: tuple[SocialProfile, ...]) -> str:
    """The X user name (without ``@``) of the first x or twitter profile, or ``""``.

    The profile's ``handle`` is used when set, else the first part of its URL's
    path (``https://x.com/northbridge`` → ``northbridge``).
    """
    for profile in profiles:
        if profile.network not in ("x", "twitter"):
            continue
        if profile.handle:
            return profile.handle.strip().lstrip("@").split("@", 1)[0]
        path = urlsplit(profile.url).path.strip("/")
        if path:
            return path.split("/", 1)[0].lstrip("@")
    return ""


def _entry_description(entry: Post | Page, limit: int) -> str:
    text = plain_text(entry.summary) or plain_text(entry.body)
    return shorten(text, limit)


def _view_title(site: Site, view: View) -> str:
    if view.entry is not None:
        return view.entry.title
    if view.title:
        return view.title
    if view.kind == "home":
        return site.title
    if view.author is not None:
        return view.author.name
    if view.term is not None:
        return site.term(view.term.taxonomy, view.term.slug).name
    return site.title


def _view_description(site: Site, view: View, limit: int) -> str:
    entry = view.entry
    if entry is not None:
        return _entry_description(entry, limit)
    if view.kind == "home":
        return shorten(site.description, limit)
    if view.author is not None:
        return shorten(" ".join(view.author.bio.split()), limit)
    if view.term is not None:
        term = site.term(view.term.taxonomy, view.term.slug)
        return shorten(" ".join(term.description.split()), limit)
    return ""


def _og_type(view: View) -> str:
    if view.kind == "post":
        return "article"
    if view.kind == "author":
        return "profile"
    return "website"


def _image_tags(image: Image) -> list[MetaTag]:
    tags = [_og("og:image", image.src)]
    if image.src.startswith("https://"):
        tags.append(_og("og:image:secure_url", image.src))
    if image.width:
        tags.append(_og("og:image:width", str(image.width)))
    if image.height:
        tags.append(_og("og:image:height", str(image.height)))
    if image.alt:
        tags.append(_og("og:image:alt", image.alt))
    return tags


def _article_tags(site: Site, post: Post) -> list[MetaTag]:
    tags = [_og("article:published_time", site.local(post.date).isoformat())]
    if post.updated is not None:
        tags.append(_og("article:modified_time", site.local(post.updated).isoformat()))
    for slug in post.authors:
        tags.append(_og("article:author", site.absolute_url(site.url_for(site.author(slug)))))
    if post.categories:
        tags.append(_og("article:section", site.term("categories", post.categories[0]).name))
    for slug in post.tags:
        tags.append(_og("article:tag", site.term("tags", slug).name))
    return tags


def _profile_tags(author: Author) -> list[MetaTag]:
    first, _, last = author.name.partition(" ")
    tags = [_og("profile:first_name", first)]
    if last:
        tags.append(_og("profile:last_name", last))
    tags.append(_og("profile:username", author.slug))
    return tags


def open_graph(
    site: Site, view: View, config: Mapping[str, Any], *, url: str | None, image: Image | None
) -> list[MetaTag]:
    """The Open Graph tags of the page."""
    tags = [
        _og("og:title", _view_title(site, view)),
        _og("og:type", _og_type(view)),
    ]
    if url is not None:
        tags.append(_og("og:url", url))
    description = _view_description(site, view, config["description_length"])
    if description:
        tags.append(_og("og:description", description))
    tags.append(_og("og:site_name", site.title))
    locale = config["locale"] or og_locale(site.language)
    if locale:
        tags.append(_og("og:locale", locale))
    if image is not None:
        tags.extend(_image_tags(image))
    if view.kind == "post" and view.post is not None:
        tags.extend(_article_tags(site, view.post))
    if view.kind == "author" and view.author is not None:
        tags.extend(_profile_tags(view.author))
    if config["facebook_app_id"]:
        tags.append(_og("fb:app_id", config["facebook_app_id"]))
    return tags


def x_card(site: Site, view: View, config: Mapping[str, Any], *, image: Image | None) -> list[MetaTag]:
    """The X card tags; title, description and image X takes from Open Graph."""
    tags = [_x("twitter:card", "summary_large_image" if image is not None else "summary")]
    site_handle = config["twitter_site"] or x_handle(site.social)
    if site_handle:
        tags.append(_x("twitter:site", f"@{site_handle}"))
    entry = view.entry
    creators = [site.author(slug) for slug in entry.authors] if entry is not None else []
    if view.author is not None:
        creators = [view.author]
    for author in creators:
        handle = x_handle(author.social)
        if handle:
            tags.append(_x("twitter:creator", f"@{handle}"))
            break
    if image is not None and image.alt:
        tags.append(_x("twitter:image:alt", image.alt))
    return tags


def json_ld(site: Site, view: View, config: Mapping[str, Any], *, url: str | None, image: Image | None) -> list[JsonLd]:
    """The schema.org objects of the page: one per concern, breadcrumbs last."""
    description = _view_description(site, view, config["description_length"])
    objects: list[dict[str, Any]] = []
    crumbs = None
    if view.kind == "home":
        objects.append(jsonld.website(site, config))
    elif view.kind == "post" and view.post is not None and url is not None:
        objects.append(
            jsonld.blog_posting(site, view.post, url=url, description=description, image=image, settings=config)
        )
        crumbs = site.breadcrumbs(view.post)
    elif view.kind == "page" and view.page is not None and url is not None:
        objects.append(jsonld.web_page(site, view.page, url=url, description=description, image=image))
        crumbs = site.breadcrumbs(view.page)
    elif view.kind == "author" and view.author is not None:
        objects.append(jsonld.author_person(site, view.author))
        crumbs = site.breadcrumbs(view.author)
    elif view.kind in ("term", "archive") and url is not None:
        objects.append(jsonld.collection_page(site, name=_view_title(site, view), url=url, description=description))
        if view.term is not None:
            crumbs = site.breadcrumbs(view.term)
    if crumbs:
        objects.append(jsonld.breadcrumb_list(site, crumbs))
    return [JsonLd(data=obj) for obj in objects]


def head_metadata(site: Site, view: View) -> tuple[HeadElement, ...]:
    """Everything this plugin puts into the ``<head>`` of the page ``view``.

    Which parts appear is set by ``[share] open_graph``, ``twitter_cards`` and
    ``json_ld``.  A "not found" page gets no URL and no JSON-LD.
    """
    config = resolved_settings(site)
    url = None if view.kind == "not-found" else site.absolute_url(view.url)
    image = share_image(site, view.entry, config)
    elements: list[HeadElement] = []
    if config["open_graph"]:
        elements.extend(open_graph(site, view, config, url=url, image=image))
    if config["twitter_cards"]:
        elements.extend(x_card(site, view, config, image=image))
    if config["json_ld"] and view.kind != "not-found":
        elements.extend(json_ld(site, view, config, url=url, image=image))
    return tuple(elements)
