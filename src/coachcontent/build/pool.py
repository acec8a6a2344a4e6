"""The process pool ``build_site(jobs=N)`` renders on: its own module, so that a build
without one (a rebuild after an edit) does not import :mod:`multiprocessing`."""

from __future__ import annotations

import gc
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from coachcontent.build.context import BuildContext
from coachcontent.build.writer import _keep_context


class ContextPool(ProcessPoolExecutor):
    """A process pool whose workers receive one build's context when they start.

    ``coachcontent build --jobs N`` renders on one of these: each batch of
    outputs then carries only the outputs, not the whole site.  (Any other
    :class:`~concurrent.futures.Executor` works too; the site then travels
    with each batch, so batches are fewer and larger.)
    """

    def __init__(self, context: BuildContext, max_workers: int, *, share: bool = False) -> None:
        # With the "fork" start method the context is inherited, not pickled.  The
        # objects that exist now (the site, the plugins' caches) are moved out of the
        # garbage collector's sight first: a collection in a worker would otherwise
        # write to every inherited object and so copy every page of them.
        # (Workers start at the first submit, after this.)
        # "fork" by name on Linux (as the loader's parse pool): Python 3.14 makes "forkserver"
        # the default there, which would pickle the context into every worker instead.
        fork = multiprocessing.get_context("fork") if sys.platform == "linux" else None
        super().__init__(
            max_workers=max_workers,
            mp_context=fork,
            initializer=_keep_context,
            initargs=(context.token, context),
        )
        self.token = context.token
        self.workers = max_workers
        #: Whether the building process renders too, taking outputs no worker has
        #: started whenever it has no results to write (``build_site(jobs=N)``: this
        #: process and N - 1 workers, so N processes, not N + 1, share the cores and
        #: the memory the site's pages take once a process has touched them).
        self.share = share
        # When objects are frozen already (``build_site`` freezes the site for the build;
        # a program may have frozen its own), the build's objects are frozen too and left
        # to whoever froze first to unfreeze: unfreezing here would release theirs too.
        self._frozen = gc.get_freeze_count() == 0
        if self._frozen:
            gc.collect()
        gc.freeze()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
