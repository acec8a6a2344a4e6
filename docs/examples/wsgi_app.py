"""A small web application that shows a coachcontent site without building it.

Plain WSGI from the standard library: the home page lists the newest posts,
each post has its own page, and every page shows the site's main menu with
the current item marked.  Run it with::

    python wsgi_app.py my-site

and open http://127.0.0.1:8080/.  The same ``make_app`` works under any
WSGI server (gunicorn, uWSGI, mod_wsgi), and its pieces fit a Flask or
Django view just as well.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from html import escape
from wsgiref.simple_server import make_server

import coachcontent

StartResponse = Callable[[str, list[tuple[str, str]]], object]
WsgiApp = Callable[[dict[str, object], StartResponse], Iterable[bytes]]


def render_menu(
    site: coachcontent.Site, items: Iterable[coachcontent.NavItem], trail: tuple[coachcontent.NavItem, ...]
) -> str:
    """A nested ``<ul>`` of menu items; items on the active trail get ``aria-current``."""
    parts = ["<ul>"]
    for item in items:
        current = ' aria-current="true"' if item in trail else ""
        parts.append(f'<li><a href="{escape(site.nav_url(item))}"{current}>{escape(item.title)}</a>')
        if item.children:
            parts.append(render_menu(site, item.children, trail))
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)


def layout(site: coachcontent.Site, url: str, title: str, content: str) -> str:
    """The page around ``content``: title, menu (when the site has one called ``main``)."""
    menu = ""
    if any(tree.name == "main" for tree in site.menus):
        trail = site.menu_trail("main", url)
        menu = f"<nav>{render_menu(site, site.menu('main').items, trail)}</nav>"
    return (
        f'<!DOCTYPE html><html lang="{escape(site.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} – {escape(site.title)}</title></head>"
        f'<body><header><a href="/">{escape(site.title)}</a>{menu}</header>'
        f"<main>{content}</main></body></html>"
    )


def home_page(site: coachcontent.Site) -> str:
    """The newest posts with their dates and summaries (already HTML)."""
    items = []
    for post in site.posts_newest_first()[: site.posts_per_page]:
        day = site.local(post.date).date().isoformat()
        items.append(
            f'<article><h2><a href="{escape(site.url_for(post))}">{escape(post.title)}</a></h2>'
            f'<time datetime="{day}">{day}</time>{post.summary}</article>'
        )
    return layout(site, "/", "Home", "".join(items) or "<p>No posts yet.</p>")


def post_page(site: coachcontent.Site, post: coachcontent.Post) -> str:
    """One post: title, categories as breadcrumbs, body."""
    crumbs = " › ".join(f'<a href="{escape(crumb.url)}">{escape(crumb.title)}</a>' for crumb in site.breadcrumbs(post))
    content = f"<p>{crumbs}</p><h1>{escape(post.title)}</h1>{post.body}"
    return layout(site, site.url_for(post), post.title, content)


def make_app(site: coachcontent.Site) -> WsgiApp:
    """A WSGI application serving ``site``: ``/`` and every published post's URL."""
    posts = {site.url_for(post): post for post in site.posts_newest_first()}

    def app(environ: dict[str, object], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "/")
        if path == "/":
            status, page = "200 OK", home_page(site)
        elif path in posts:
            status, page = "200 OK", post_page(site, posts[path])
        else:
            status, page = "404 Not Found", layout(site, path, "Not found", "<h1>Not found</h1>")
        body = page.encode("utf-8")
        start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]

    return app


if __name__ == "__main__":
    site = coachcontent.load_site(sys.argv[1] if len(sys.argv) > 1 else "my-site")
    with make_server("127.0.0.1", 8080, make_app(site)) as server:
        print(f"serving {site.title!r} at http://127.0.0.1:8080/ (Ctrl+C stops)")
        server.serve_forever()
