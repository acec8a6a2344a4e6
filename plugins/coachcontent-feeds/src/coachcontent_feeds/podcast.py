"""Podcasts: episodes (posts with an ``audio`` attachment) and the iTunes tags of a podcast feed.

A post becomes an episode when its front matter has an ``audio`` table::

    audio:
      url: /media/episode-12.mp3     # or https://cdn.example/episode-12.mp3
      length: 24986239               # bytes, required: clients preallocate and verify with it
      type: audio/mpeg               # guessed from the file name when left out
      duration: "00:41:07"           # seconds or [H:]MM:SS, optional

An enclosure without its byte length is an error naming the post's file and
the field, never ``length="None"`` in the feed.  The site or a taxonomy term
is declared a podcast in ``site.toml`` (``[feeds.podcast]``,
``[feeds.podcasts.<taxonomy>.<term>]``); its RSS feed then carries the tags
Apple Podcasts requires.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from coachcontent import Post, Site

#: Apple Podcasts categories: each top-level category and its subcategories.
ITUNES_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

#: Media types by file suffix, for ``audio`` tables that leave ``type`` out.
#: A fixed table rather than :mod:`mimetypes`, whose answers depend on the machine.
MEDIA_TYPES: dict[str, str] = {
    "aac": "audio/aac",
    "flac": "audio/flac",
    "m4a": "audio/x-m4a",
    "m4v": "video/x-m4v",
    "mov": "video/quicktime",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "opus": "audio/opus",
    "pdf": "application/pdf",
    "wav": "audio/wav",
    "webm": "audio/webm",
}

AUDIO_KEYS = ("url", "length", "type", "duration", "episode", "season", "episode_type", "explicit")
EPISODE_TYPES = ("full", "trailer", "bonus")
PODCAST_KEYS = (
    "title",
    "description",
    "image",
    "category",
    "explicit",
    "author",
    "owner_name",
    "owner_email",
    "type",
    "episodes_only",
    "complete",
    "block",
)
_DURATION = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+\-]+$")


@frozen(kw_only=True)
class Episode:
    """The audio (or video) attachment of a post: an RSS ``enclosure``, an Atom
    ``link rel="enclosure"``, a JSON Feed attachment.

    :param url: absolute URL of the file.
    :param length: its size in bytes.
    :param type: its media type, e.g. ``"audio/mpeg"``.
    :param duration: its running time in seconds, when known.
    :param episode: the episode number (``itunes:episode``).
    :param season: the season number (``itunes:season``).
    :param episode_type: ``"full"``, ``"trailer"`` or ``"bonus"`` (``itunes:episodeType``).
    :param explicit: the episode's own ``itunes:explicit``; ``None`` inherits the podcast's.
    """

    url: str
    length: int
    type: str
    duration: int | None = None
    episode: int | None = None
    season: int | None = None
    episode_type: str | None = None
    explicit: bool | None = None


@frozen(kw_only=True)
class Podcast:
    """What makes a feed a podcast feed (the channel's iTunes tags).

    :param title: the show's title; empty uses the feed's title.
    :param description: the show's description; empty uses the feed's.
    :param image: absolute URL of the cover art (JPEG or PNG, 1400–3000 px square).
    :param categories: ``(category, subcategory or None)`` pairs from :data:`ITUNES_CATEGORIES`.
    :param explicit: ``itunes:explicit``, written as ``true``/``false``.
    :param author: ``itunes:author``.
    :param owner_name: ``itunes:owner/itunes:name``.
    :param owner_email: ``itunes:owner/itunes:email``.
    :param type: ``"episodic"`` or ``"serial"``.
    :param episodes_only: leave posts without ``audio`` out of the podcast's RSS feed.
    :param complete: no more episodes will be published (``itunes:complete``).
    :param block: keep the show out of Apple's directory (``itunes:block``).
    """

    title: str
    description: str
    image: str
    categories: tuple[tuple[str, str | None], ...]
    explicit: bool
    author: str
    owner_name: str
    owner_email: str
    type: str = "episodic"
    episodes_only: bool = True
    complete: bool = False
    block: bool = False


def source_name(post: Post) -> str:
    """How messages name a post: its source file, or ``post <slug>`` for a post made in Python."""
    return post.source_path or f"post {post.slug}"


def _link(site: Site, value: object) -> str | None:
    """``value`` as an absolute http(s) URL, or ``None`` when it is neither that nor a site path."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return None
    if value.startswith("/") and not value.startswith("//"):
        return site.absolute_url(value)
    if value.startswith(("https://", "http://")) and len(value.split("/", 3)[2]) > 0:
        return value
    return None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_duration(value: object) -> int | None:
    """Seconds from ``value``: a number of seconds or ``[H:]MM:SS``; ``None`` when unreadable."""
    number = _int(value)
    if number is not None:
        return number
    if isinstance(value, float) and value >= 0:
        return round(value)
    if isinstance(value, str):
        match = _DURATION.match(value.strip())
        if match:
            hours, minutes, seconds = (int(group or 0) for group in match.groups())
            return hours * 3600 + minutes * 60 + seconds
    return None


def read_episode(site: Site, post: Post) -> tuple[Episode | None, list[str]]:
    """The post's episode (``None`` when it has no ``audio``) and every problem with it.

    Each problem reads ``<source file>: audio.<key>: <what is wrong>``.
    """
    raw = post.extra.get("audio")
    if raw is None:
        return None, []
    where = source_name(post)
    if not isinstance(raw, Mapping):
        return None, [f"{where}: audio: expected a table with url, length (bytes), type and duration, got {raw!r}"]
    problems: list[str] = []
    unknown = sorted(set(map(str, raw)) - set(AUDIO_KEYS))
    if unknown:
        problems.append(f"{where}: audio: unknown key(s) {', '.join(unknown)} (accepted: {', '.join(AUDIO_KEYS)})")
    url = _link(site, raw.get("url"))
    if url is None:
        problems.append(f"{where}: audio.url: expected an http(s) URL or a site path, got {raw.get('url')!r}")
    length = _int(raw.get("length"))
    if "length" not in raw:
        problems.append(
            f"{where}: audio.length: missing; an enclosure needs the file's size in bytes (e.g. length: 24986239)"
        )
    elif length is None or length <= 0:
        problems.append(
            f"{where}: audio.length: expected the file's size in bytes (a positive integer), got {raw['length']!r}"
        )
    media_type = raw.get("type")
    if media_type is None:
        suffix = str(raw.get("url", "")).split("?", 1)[0].rsplit(".", 1)[-1].lower()
        media_type = MEDIA_TYPES.get(suffix)
        if media_type is None:
            problems.append(
                f"{where}: audio.type: missing and not known from the file name; write e.g. type: audio/mpeg"
            )
    elif not isinstance(media_type, str) or not _MEDIA_TYPE.match(media_type):
        problems.append(f"{where}: audio.type: expected a media type such as 'audio/mpeg', got {media_type!r}")
    duration = None
    if raw.get("duration") is not None:
        duration = parse_duration(raw["duration"])
        if duration is None or duration < 0:
            problems.append(f"{where}: audio.duration: expected seconds or [H:]MM:SS, got {raw['duration']!r}")
    numbers: dict[str, int | None] = {}
    for key in ("episode", "season"):
        numbers[key] = None
        if raw.get(key) is not None:
            numbers[key] = _int(raw[key])
            if numbers[key] is None or (numbers[key] or 0) < 1:
                problems.append(f"{where}: audio.{key}: expected a positive integer, got {raw[key]!r}")
    episode_type = raw.get("episode_type")
    if episode_type is not None and episode_type not in EPISODE_TYPES:
        problems.append(
            f"{where}: audio.episode_type: expected one of {', '.join(EPISODE_TYPES)}, got {episode_type!r}"
        )
    explicit = raw.get("explicit")
    if explicit is not None and not isinstance(explicit, bool):
        problems.append(f"{where}: audio.explicit: expected true or false, got {explicit!r}")
    if problems:
        return None, problems
    assert url is not None and length is not None and isinstance(media_type, str)
    return (
        Episode(
            url=url,
            length=length,
            type=media_type,
            duration=duration,
            episode=numbers["episode"],
            season=numbers["season"],
            episode_type=episode_type,
            explicit=explicit,
        ),
        [],
    )


def _categories(value: object, where: str, problems: list[str]) -> tuple[tuple[str, str | None], ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not names:
        problems.append(f"{where}.category: required: an Apple Podcasts category such as 'Business/Management'")
        return ()
    result: list[tuple[str, str | None]] = []
    for name in names:
        if not isinstance(name, str):
            problems.append(f"{where}.category: expected 'Category' or 'Category/Subcategory', got {name!r}")
            continue
        top, _, sub = (part.strip() for part in name.partition("/"))
        if top not in ITUNES_CATEGORIES:
            problems.append(
                f"{where}.category: {top!r} is not an Apple Podcasts category "
                f"(one of: {', '.join(sorted(ITUNES_CATEGORIES))})"
            )
        elif sub and sub not in ITUNES_CATEGORIES[top]:
            allowed = ", ".join(ITUNES_CATEGORIES[top]) or "none"
            problems.append(f"{where}.category: {sub!r} is not a subcategory of {top!r} (allowed: {allowed})")
        else:
            result.append((top, sub or None))
    return tuple(result)


def read_podcast(site: Site, table: Mapping[str, Any], where: str) -> tuple[Podcast | None, list[str]]:
    """A :class:`Podcast` from a ``site.toml`` table, and every problem with it.

    :param where: the table's name for messages, e.g. ``"[feeds.podcast]"``.
    """
    problems: list[str] = []
    unknown = sorted(set(map(str, table)) - set(PODCAST_KEYS))
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)} (accepted: {', '.join(PODCAST_KEYS)})")
    texts: dict[str, str] = {}
    for key in ("title", "description", "author", "owner_name", "owner_email"):
        value = table.get(key, "")
        if not isinstance(value, str):
            problems.append(f"{where}.{key}: expected a string, got {value!r}")
            value = ""
        texts[key] = value.strip()
    image = _link(site, table.get("image"))
    if image is None:
        problems.append(f"{where}.image: required: the cover art's URL or site path (JPEG or PNG)")
    elif not image.split("?", 1)[0].lower().endswith((".jpg", ".jpeg", ".png")):
        problems.append(f"{where}.image: Apple Podcasts needs a JPEG or PNG file, got {table.get('image')!r}")
    categories = _categories(table.get("category"), where, problems)
    flags: dict[str, bool] = {}
    for key, default in (("explicit", False), ("episodes_only", True), ("complete", False), ("block", False)):
        value = table.get(key, default)
        if not isinstance(value, bool):
            problems.append(f"{where}.{key}: expected true or false, got {value!r}")
            value = default
        flags[key] = value
    kind = table.get("type", "episodic")
    if kind not in ("episodic", "serial"):
        problems.append(f"{where}.type: expected 'episodic' or 'serial', got {kind!r}")
    if not texts["owner_email"]:
        problems.append(f"{where}.owner_email: required: the address Apple Podcasts uses to verify the owner")
    elif not _EMAIL.match(texts["owner_email"]):
        problems.append(f"{where}.owner_email: {texts['owner_email']!r} is not an e-mail address")
    if problems:
        return None, problems
    assert image is not None
    author = texts["author"] or site.title
    return (
        Podcast(
            title=texts["title"],
            description=texts["description"],
            image=image,
            categories=categories,
            explicit=flags["explicit"],
            author=author,
            owner_name=texts["owner_name"] or author,
            owner_email=texts["owner_email"],
            type=str(kind),
            episodes_only=flags["episodes_only"],
            complete=flags["complete"],
            block=flags["block"],
        ),
        [],
    )
