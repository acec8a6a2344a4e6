"""A synthetic blog, written three ways with the same content.

``generate(root, posts, seed)`` writes

* ``root/coachcontent``: a coachcontent site folder (site.toml + content/posts/*.md),
* ``root/pelican``: a Pelican project (pelicanconf.py + content/*.md + a template override
  that shows related posts),
* ``root/hugo``: a Hugo project (hugo.toml + content/posts/*.md + a small theme in layouts/).

Every post has about 500 words of Markdown (headings, a list, emphasis, links), 3 tags from a
pool of 200, one category of 20 (8 of them children of others), a date in 2019-2024 and the
one author. The same seed gives byte-identical files.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SITE_TITLE = "Benchmark Coaching Journal"
SITE_URL = "https://bench.example"
AUTHOR_SLUG = "alex"
AUTHOR_NAME = "Alex Rivera"
POSTS_PER_PAGE = 10
FEED_ITEMS = 20
RELATED_POSTS = 5

# Words drawn with a Zipf-like weighting, so some words are common and most are rare,
# as in real prose (it matters for content-based related posts and for compression of
# the search index).
_WORDS = """
the of and to a in that is for it as with was on be by this are or at from have an they which one
you were all we her she there would their will when who him been has more if no out so said what up
its about into than them can only other new some could time these two may then do first any my now
such like our over man me even most made after also did many before must through back years where
much your way well down should because each just those people how too little state good very make
world still own see men work long get here between both life being under never day same another know
while last might us great old year off come since against go came right used take three leader team
meeting client coach board strategy feedback practice question decision plan change trust
conversation network referral proposal budget quarter goal habit calendar focus priority presence
influence coalition stakeholder manager executive director founder partner colleague mentor sponsor
culture value purpose outcome result measure progress review hire role promotion transition listen
ask answer explain agree decide commit follow deliver learn teach notice invite clear honest quiet
steady patient careful curious generous direct practical simple useful early late small large short
brief specific concrete honest difficult easy fair warm firm week month morning afternoon evening
hour minute moment season deadline launch project product customer market price offer contract
invoice pipeline lead prospect introduction story example lesson mistake habit ritual agenda summary
note letter email call message room table chair desk door window office building city train flight
hotel conference energy attention patience courage candour clarity credibility reputation
relationship delegate prioritise negotiate facilitate coordinate reflect prepare rehearse schedule
silence pause breath pace rhythm tone voice posture gesture smile handshake nod growth revenue
margin cost risk bet option scenario forecast signal trend pattern draft outline framework model map
checklist template worksheet exercise experiment
""".split()  # noqa: SIM905 (a word list reads better as text)

_HEADINGS = [
    "Start with the question",
    "What changes in practice",
    "A short example",
    "Where it goes wrong",
    "The first conversation",
    "Making it a habit",
    "When the stakes are high",
    "What to try this week",
    "Three things to notice",
    "Why it matters",
    "A note on timing",
    "Closing thoughts",
    "Before the meeting",
    "After the meeting",
    "The part people skip",
    "How to ask for help",
]

_TOP_CATEGORIES = [
    "Leadership Insights",
    "Business Development",
    "Executive Excellence",
    "Leading Coaches",
    "Team Facilitation",
    "Career Transitions",
    "Strategic Thinking",
    "Communication",
    "Book Notes",
    "News & Events",
    "Personal Effectiveness",
    "Board Governance",
]
#: child category -> its parent
_CHILD_CATEGORIES = {
    "Sales Conversations": "Business Development",
    "Networking": "Business Development",
    "Referral Partnerships": "Networking",
    "Influence & Coalitions": "Leadership Insights",
    "Feedback Culture": "Leadership Insights",
    "Practice Building": "Leading Coaches",
    "First Ninety Days": "Career Transitions",
    "Presentations": "Communication",
}


@dataclass(frozen=True)
class Category:
    name: str
    parent: str | None

    @property
    def path(self) -> str:
        """The coachcontent name path, 'Parent/Child'."""
        parts = [self.name]
        parent = self.parent
        while parent is not None:
            parts.append(parent)
            parent = _CHILD_CATEGORIES.get(parent)
        return "/".join(reversed(parts))


CATEGORIES = [Category(name, None) for name in _TOP_CATEGORIES] + [
    Category(name, parent) for name, parent in _CHILD_CATEGORIES.items()
]


@dataclass(frozen=True)
class SyntheticPost:
    index: int
    title: str
    slug: str
    date: datetime  # naive, UTC
    category: Category
    tags: tuple[str, ...]
    body: str  # Markdown


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")


def _tag_pool(rng: random.Random) -> list[str]:
    adjectives = [w for w in _WORDS if len(w) > 4][:120]
    nouns = [w for w in _WORDS if len(w) > 5][40:]
    pool: set[str] = set()
    while len(pool) < 200:
        pool.add(f"{rng.choice(adjectives)} {rng.choice(nouns)}")
    return sorted(pool)


def _vocabulary(size: int = 20_000) -> list[str]:
    """The common words above, then made-up words: a vocabulary the size of real prose's."""
    rng = random.Random(0)  # noqa: S311 (a reproducible corpus, not cryptography)
    onsets = "b c d f g h j k l m n p r s t v w br cl dr fl gr pl pr sh st th tr".split()  # noqa: SIM905
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    codas = ["", "", "", "n", "r", "s", "t", "l", "nd", "st"]
    seen = set(_WORDS)
    words = list(dict.fromkeys(_WORDS))
    while len(words) < size:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(1, 3))) + rng.choice(codas)
        if len(word) > 3 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    def __init__(self, rng: random.Random, slugs: list[tuple[str, str]]) -> None:
        self.rng = rng
        self.slugs = slugs  # (url, title) of earlier posts, for internal links
        # Zipf's law: the word of rank r is used in proportion to 1/(r + 2.7).
        self.vocabulary = _vocabulary()
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 2.7) for rank in range(len(self.vocabulary))))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=n)

    def sentence(self) -> str:
        words = self.words(self.rng.randint(8, 18))
        roll = self.rng.random()
        if roll < 0.08:
            i = self.rng.randrange(len(words))
            words[i] = f"*{words[i]}*"
        elif roll < 0.14:
            i = self.rng.randrange(len(words) - 1)
            words[i] = f"**{words[i]} {words[i + 1]}**"
            del words[i + 1]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def link(self) -> str:
        if self.slugs and self.rng.random() < 0.5:
            url, title = self.rng.choice(self.slugs)
            return f"[{title}]({url})"
        words = self.words(2)
        path = "-".join(self.words(3))
        return f"[{' '.join(words)}](https://www.example.org/articles/{path}/)"

    def body(self) -> str:
        parts = [self.paragraph(5)]
        headings = self.rng.sample(_HEADINGS, 3)
        for number, heading in enumerate(headings):
            parts.append(f"## {heading}")
            parts.append(self.paragraph(4) + " See " + self.link() + ".")
            if number == 0:
                parts.append(
                    "\n".join(f"- {' '.join(self.words(self.rng.randint(5, 9))).capitalize()}" for _ in range(4))
                )
            elif number == 1:
                parts.append(
                    "\n".join(f"{i}. {' '.join(self.words(self.rng.randint(5, 9))).capitalize()}" for i in range(1, 4))
                )
            parts.append(self.paragraph(4))
        parts.append(f"> {self.sentence()}")
        parts.append(self.paragraph(2) + " More in " + self.link() + ".")
        return "\n\n".join(parts) + "\n"


def make_posts(count: int, seed: int = 1) -> list[SyntheticPost]:
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not cryptography)
    tags = _tag_pool(rng)
    start = datetime(2019, 1, 1, 6, 0)
    span = (datetime(2024, 12, 31, 20, 0) - start).total_seconds()
    dates = sorted(start + timedelta(seconds=int(rng.random() * span) // 60 * 60) for _ in range(count))
    writer = _Writer(rng, [])
    posts = []
    for index, date in enumerate(dates):
        title_words = writer.words(rng.randint(4, 8))
        title = " ".join(title_words).capitalize()
        slug = f"{slugify(title)[:60].rstrip('-')}-{index + 1}"
        category = rng.choice(CATEGORIES)
        post_tags = tuple(sorted(rng.sample(tags, 3)))
        body = writer.body()
        posts.append(SyntheticPost(index, title, slug, date, category, post_tags, body))
        writer.slugs.append((f"/{date:%Y}/{date:%m}/{slug}/", title))
    return posts


# --------------------------------------------------------------------------- coachcontent


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_coachcontent(root: Path, posts: list[SyntheticPost]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        "[site]",
        f"title = {_toml_str(SITE_TITLE)}",
        f"url = {_toml_str(SITE_URL)}",
        'language = "en"',
        'timezone = "UTC"',
        'description = "A synthetic blog for build benchmarks."',
        f"posts_per_page = {POSTS_PER_PAGE}",
        "summary_words = 50",
        "",
        "[[authors]]",
        f"slug = {_toml_str(AUTHOR_SLUG)}",
        f"name = {_toml_str(AUTHOR_NAME)}",
        'bio = "Writes every post of this synthetic site."',
        "",
        "[taxonomies.categories]",
        'label = "Categories"',
        "",
    ]
    for category in CATEGORIES:
        lines += ["[[taxonomies.categories.terms]]", f"name = {_toml_str(category.name)}"]
        if category.parent:
            lines.append(f"parent = {_toml_str(category.parent)}")
        lines.append("")
    lines += ["[taxonomies.tags]", 'label = "Tags"', "", "[menus.main]", 'title = "Main menu"', ""]
    for weight, category in enumerate(c for c in CATEGORIES if c.parent is None):
        lines += [
            "[[menus.main.items]]",
            f"title = {_toml_str(category.name)}",
            f"category = {_toml_str(category.path)}",
            f"weight = {weight * 10}",
            "",
        ]
    (root / "site.toml").write_text("\n".join(lines), encoding="utf-8")
    folder = root / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        front = [
            "---",
            f"title: {json.dumps(post.title)}",
            f"date: {post.date:%Y-%m-%d %H:%M:%S}",
            f"slug: {post.slug}",
            f"author: {AUTHOR_SLUG}",
            f"categories: [{json.dumps(post.category.path)}]",
            f"tags: [{', '.join(json.dumps(t) for t in post.tags)}]",
            "---",
        ]
        path = folder / f"{post.date:%Y-%m-%d}-{post.slug}.md"
        path.write_text("\n".join(front) + "\n" + post.body, encoding="utf-8")


def coachcontent_post_file(root: Path, post: SyntheticPost) -> Path:
    return root / "content" / "posts" / f"{post.date:%Y-%m-%d}-{post.slug}.md"


# --------------------------------------------------------------------------- Pelican

_PELICANCONF = """\
AUTHOR = {author!r}
SITENAME = {title!r}
SITEURL = {url!r}
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {per_page}
SUMMARY_MAX_LENGTH = 50
DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{slug}}/index.html"
CATEGORY_URL = "category/{{slug}}/"
CATEGORY_SAVE_AS = "category/{{slug}}/index.html"
TAG_URL = "tag/{{slug}}/"
TAG_SAVE_AS = "tag/{{slug}}/index.html"
AUTHOR_URL = "author/{{slug}}/"
AUTHOR_SAVE_AS = "author/{{slug}}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

# Feeds on: site, categories, tags and authors, Atom and RSS, capped like ours.
FEED_MAX_ITEMS = {feed_items}
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{{slug}}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{{slug}}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{{slug}}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{{slug}}.rss.xml"
TRANSLATION_FEED_ATOM = None

PLUGINS = {plugins!r}
RELATED_POSTS_MAX = {related}
SITEMAP = {{"format": "xml"}}
THEME_TEMPLATES_OVERRIDES = ["overrides"]
"""

_PELICAN_ARTICLE = """\
{% extends "!theme/article.html" %}
{% block content %}
{{ super() }}
{% if article.related_posts %}
<aside class="related"><h2>Related posts</h2><ul>
{% for other in article.related_posts %}<li><a href="{{ SITEURL }}/{{ other.url }}">{{ other.title }}</a></li>
{% endfor %}</ul></aside>
{% endif %}
{% endblock %}
"""


def pelican_plugins() -> list[str]:
    """The Pelican plugins installed here (related posts and sitemap), by module name."""
    import importlib.util

    found = []
    for name in ("related_posts", "sitemap"):
        try:
            if importlib.util.find_spec(f"pelican.plugins.{name}") is not None:
                found.append(name)
        except ModuleNotFoundError:
            pass
    return found


def write_pelican(root: Path, posts: list[SyntheticPost], plugins: list[str]) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "overrides").mkdir(exist_ok=True)
    conf = _PELICANCONF.format(
        author=AUTHOR_NAME,
        title=SITE_TITLE,
        url=SITE_URL,
        per_page=POSTS_PER_PAGE,
        feed_items=FEED_ITEMS,
        plugins=plugins,
        related=RELATED_POSTS,
    )
    (root / "pelicanconf.py").write_text(conf, encoding="utf-8")
    (root / "overrides" / "article.html").write_text(_PELICAN_ARTICLE, encoding="utf-8")
    for post in posts:
        meta = [
            f"Title: {post.title}",
            f"Date: {post.date:%Y-%m-%d %H:%M}",
            f"Slug: {post.slug}",
            f"Author: {AUTHOR_NAME}",
            f"Category: {post.category.name}",
            f"Tags: {', '.join(post.tags)}",
        ]
        (root / "content" / f"{post.slug}.md").write_text("\n".join(meta) + "\n\n" + post.body, encoding="utf-8")


def pelican_post_file(root: Path, post: SyntheticPost) -> Path:
    return root / "content" / f"{post.slug}.md"


# --------------------------------------------------------------------------- Hugo

_HUGO_CONFIG = """\
baseURL = "{url}/"
languageCode = "en"
title = "{title}"
paginate = {per_page}
rssLimit = {feed_items}
disableKinds = []

[permalinks]
posts = "/:year/:month/:slug/"

[taxonomies]
category = "categories"
tag = "tags"
author = "authors"

[related]
includeNewer = true
threshold = 0
toLower = false
[[related.indices]]
name = "tags"
weight = 100
[[related.indices]]
name = "categories"
weight = 50

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]
"""

# An efficient theme: the sidebar (category list with counts, tag cloud) is rendered once
# with partialCached, every page uses one base template.
_HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description"
 content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify | truncate 150 }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a>{{ partialCached "menu.html" . }}</header>
<main>{{ block "main" . }}{{ end }}</main>
<aside>{{ partialCached "sidebar.html" . }}</aside>
</body>
</html>
""",
    "partials/menu.html": """\
<nav><ul>{{ range .Site.Taxonomies.categories.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav>
""",
    "partials/sidebar.html": """\
<h2>Categories</h2>
<ul>{{ range .Site.Taxonomies.categories.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Tags</h2>
<p class="tag-cloud">{{ range .Site.Taxonomies.tags.Alphabetical }}
<a href="{{ .Page.RelPermalink }}" class="tag-weight-{{ math.Min 5 (add 1 (div .Count 20)) }}">{{ .Page.Title }}</a>
{{ end }}</p>
""",
    "partials/summary.html": """\
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
<div>{{ .Summary }}</div></article>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
{{ range .Params.authors }} by {{ . }}{{ end }}
{{ range .GetTerms "categories" }} in <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<p>Tags: {{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ $related := .Site.RegularPages.Related . | first 5 }}
{{ with $related }}<aside class="related"><h2>Related posts</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>{{ end }}
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }}{{ end }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $paginator := .Paginate $pages.ByDate.Reverse }}
{{ range $paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
<nav>{{ if $paginator.HasPrev }}<a rel="prev" href="{{ $paginator.Prev.URL }}">Newer</a>{{ end }}
{{ if $paginator.HasNext }}<a rel="next" href="{{ $paginator.Next.URL }}">Older</a>{{ end }}</nav>
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(root: Path, posts: list[SyntheticPost]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    config = _HUGO_CONFIG.format(url=SITE_URL, title=SITE_TITLE, per_page=POSTS_PER_PAGE, feed_items=FEED_ITEMS)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    folder = root / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        front = [
            "---",
            f"title: {json.dumps(post.title)}",
            f"date: {post.date:%Y-%m-%dT%H:%M:%SZ}",
            f"slug: {post.slug}",
            f"authors: [{json.dumps(AUTHOR_NAME)}]",
            f"categories: [{json.dumps(post.category.name)}]",
            f"tags: [{', '.join(json.dumps(t) for t in post.tags)}]",
            "---",
        ]
        (folder / f"{post.slug}.md").write_text("\n".join(front) + "\n" + post.body, encoding="utf-8")


def hugo_post_file(root: Path, post: SyntheticPost) -> Path:
    return root / "content" / "posts" / f"{post.slug}.md"


def generate(
    root: Path, count: int, seed: int = 1, forms: tuple[str, ...] = ("coachcontent", "pelican", "hugo")
) -> list[SyntheticPost]:
    """Write the site in each of ``forms`` under ``root``; returns the posts."""
    posts = make_posts(count, seed)
    if "coachcontent" in forms:
        write_coachcontent(root / "coachcontent", posts)
    if "pelican" in forms:
        write_pelican(root / "pelican", posts, pelican_plugins())
    if "hugo" in forms:
        write_hugo(root / "hugo", posts)
    return posts
