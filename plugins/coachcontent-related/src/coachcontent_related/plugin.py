"""The hook implementations: related posts, the ``[related]`` section, the CLI command."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import weakref
from collections.abc import Sequence
from concurrent import futures
from concurrent.futures import Future
from typing import Any

from coachcontent import ConfigSection, Post, Site, hookimpl
from coachcontent_related.cli import add_command
from coachcontent_related.index import counted_elsewhere, related_index, site_words
from coachcontent_related.settings import config_section
from coachcontent_related.wordcache import WordCache
from coachcontent_related.wordcount import WordCounts

#: Rankings of every post started when a build began, per site, until asked for.
_STARTED: weakref.WeakKeyDictionary[Site, Future[None]] = weakref.WeakKeyDictionary()
_STARTED_LOCK = threading.Lock()
#: Set on the thread that ranks: a fork made from that thread must not wait for itself.
_RANKING = threading.local()


def _rank_everything(site: Site) -> None:
    related_index(site).rank_all()


def _finish_started() -> None:
    """Wait for the rankings being made (before this process forks: a child must not
    inherit a half-made index, or the index's locks held)."""
    if getattr(_RANKING, "active", False):
        return
    with _STARTED_LOCK:
        started = list(_STARTED.values())
    futures.wait(started)


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(before=_finish_started)


#: Posts from which the words are counted in a child process when none are kept.
CHILD_MIN_POSTS = 1000
#: The site a child process counts the words of (the fork inherits it).
_CHILD_SITE: Site | None = None


def _child_words() -> WordCounts:
    assert _CHILD_SITE is not None
    return site_words(_CHILD_SITE)


def _count_in_a_child(site: Site) -> None:
    """Count the words of every post in a child process, which has the site by forking,
    while this one numbers the terms and the other plugins make their outputs.

    Counting is mostly Python work (the posts' text): on a thread it would share the
    interpreter with everything else.  Only where it pays and is safe: Linux (fork), at
    least :data:`CHILD_MIN_POSTS` posts and no words kept from an earlier build (a
    rebuild reads them), and no other thread running (a fork copies only this one).
    """
    global _CHILD_SITE
    if sys.platform != "linux" or len(site.posts) < CHILD_MIN_POSTS or threading.active_count() > 1:
        return
    if WordCache(site.cache_dir).holds_any():
        return
    import multiprocessing

    if multiprocessing.current_process().daemon:  # a pool's worker cannot start processes
        return
    from concurrent.futures import ProcessPoolExecutor

    _CHILD_SITE = site
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        try:
            future = pool.submit(_child_words)  # forks now
        except (OSError, RuntimeError):  # no process to be had: counted here
            pool.shutdown(wait=True, cancel_futures=True)
            return
    finally:
        _CHILD_SITE = None

    def words() -> WordCounts | None:
        try:
            return future.result()
        except Exception:  # the child failed or died: the words are counted here instead
            return None
        finally:
            pool.shutdown(wait=True)

    counted_elsewhere(site, words)


@hookimpl
def coachcontent_build_started(site: Site) -> None:
    """Start ranking every post's related posts on a thread of its own.

    The index and the rankings are mostly NumPy and SciPy work, which leaves
    the interpreter free: the other plugins make their outputs meanwhile,
    and the first call of :func:`coachcontent_related_posts` waits for it.
    The words of a large site's posts are counted in a child process (see
    :func:`_count_in_a_child`).
    """
    with _STARTED_LOCK:
        if site in _STARTED:
            return
    _count_in_a_child(site)
    with _STARTED_LOCK:
        if site in _STARTED:
            return
        future: Future[None] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            _RANKING.active = True
            try:
                _rank_everything(site)
            except BaseException as error:  # told to whoever asks (who then ranks again, and fails there)
                future.set_exception(error)
            else:
                future.set_result(None)

        _STARTED[site] = future
    threading.Thread(target=run, name="coachcontent-related-start", daemon=True).start()


def _started(site: Site) -> None:
    """Wait for the rankings started with the build, if any (their error, if any, is
    met again by ranking here)."""
    with _STARTED_LOCK:
        future = _STARTED.pop(site, None)
    if future is not None:
        futures.wait([future])


@hookimpl
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> Sequence[Post]:
    """The related posts of ``post``: pinned first, then by score.

    A build asks for every post's: in the main process the rankings are made
    on the machine's cores, started as the build begins
    (:func:`coachcontent_build_started`), and every call reads them.  A worker of
    a build's process pool ranks only the batches of the posts it renders
    (the pool already uses the cores).
    """
    if _STARTED:
        _started(site)
    index = related_index(site)
    if not _in_a_pool_worker():
        index.rank_all()
    return index.related(post, limit)


def _in_a_pool_worker() -> bool:
    """Whether this process was started by a pool (its parent a multiprocessing process).
    A process that never imported :mod:`multiprocessing` is none (and need not import it)."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and multiprocessing.parent_process() is not None


@hookimpl
def coachcontent_config_sections() -> list[ConfigSection]:
    """The ``[related]`` section of ``site.toml``."""
    return [config_section()]


@hookimpl
def coachcontent_cli_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """``coachcontent related SOURCE SLUG [--explain OTHER] [--limit N]``."""
    add_command(subparsers)
