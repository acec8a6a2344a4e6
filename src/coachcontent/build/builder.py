"""The build: ask every plugin for outputs, check them, write them."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pluggy
from attrs import evolve, frozen

from coachcontent.build.context import BuildContext
from coachcontent.build.output import Output
from coachcontent.build.writer import WriteReport, write_outputs
from coachcontent.errors import BuildError
from coachcontent.models.site import Site
from coachcontent.plugins import PluginSelection


@frozen(kw_only=True)
class BuildReport:
    """What a build produced: the site, the outputs per plugin and what the writer did."""

    site: Site
    outputs: int
    by_plugin: tuple[tuple[str, int], ...]
    write: WriteReport


def collect_outputs(context: BuildContext) -> list[Output]:
    """Call ``coachcontent_build_started``, then ``coachcontent_outputs`` on each plugin,
    recording which plugin made what.

    Raises :class:`~coachcontent.BuildError` naming the plugin and the hook
    when a plugin fails or returns something that is not an :class:`Output`.
    """
    pm = context.plugin_manager
    kwargs: dict[str, Any] = {"build": context, "site": context.site}
    for impl in reversed(pm.hook.coachcontent_build_started.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*[kwargs[name] for name in impl.argnames])
        except Exception as error:
            raise BuildError(
                f"plugin {impl.plugin_name!r} failed in coachcontent_build_started: {type(error).__name__}: {error}"
            ) from error
    hook = pm.hook.coachcontent_outputs
    outputs: list[Output] = []
    # get_hookimpls() lists implementations in reverse call order.
    for impl in reversed(hook.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            result = cast("Iterable[object] | None", impl.function(*[kwargs[name] for name in impl.argnames]))
            produced = list(result or ())  # a generator fails here, not in the call
        except Exception as error:
            raise BuildError(
                f"plugin {impl.plugin_name!r} failed in coachcontent_outputs: {type(error).__name__}: {error}"
            ) from error
        for output in produced:
            if not isinstance(output, Output):
                raise BuildError(f"plugin {impl.plugin_name!r} returned {type(output).__name__}, not an Output")
            outputs.append(evolve(output, plugin=impl.plugin_name))
    return outputs


def _check_folders(site: Site, out: Path) -> None:
    out = out.resolve()
    if out == Path(out.anchor) or out == Path.home().resolve():
        raise BuildError(f"refusing to replace {out}: choose a folder of its own for the output")
    if site.source_dir is not None:
        source = Path(site.source_dir).resolve()
        if out == source or out in source.parents:
            raise BuildError(f"the output folder {out} would replace the site folder {source}")


@contextmanager
def _existing_objects_frozen() -> Iterator[None]:
    """The objects that exist now (the site above all, which outlives the build) out of
    the cyclic garbage collector's sight for the block, so that the collections the build's
    own allocations set off walk only those (a quarter of a second at 5,000 posts).

    Nothing is frozen, and so nothing unfrozen, in a program that froze objects of its
    own: unfreezing would release those too.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build_site(
    site: Site,
    out_dir: str | os.PathLike[str],
    *,
    selection: PluginSelection | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
    executor: Executor | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    incremental: bool = True,
) -> BuildReport:
    """Build ``site`` into ``out_dir`` with the selected plugins.

    :param jobs: render in this many processes: this one and a pool of
        ``jobs - 1`` workers (ignored when ``executor`` is given); ``None`` or 1
        renders in this process only.
    :param executor: any :class:`concurrent.futures.Executor`, e.g. a Dask
        client's ``get_executor()``.
    :param force: replace a non-empty folder that coachcontent did not make.
    :param incremental: keep the previous build's files of outputs whose
        fingerprint did not change, without rendering them (see
        :attr:`Output.fingerprint <coachcontent.Output.fingerprint>`); ``False``
        renders everything.
    :returns: a :class:`BuildReport`.  Raises :class:`~coachcontent.BuildError`
        (the old output left untouched) when anything fails.

    While it runs, the objects that exist when it starts (the site above all) are
    out of the cyclic garbage collector's sight (``gc.freeze()``, undone at the
    end), unless the program froze objects of its own.
    """
    out = Path(out_dir)
    _check_folders(site, out)
    with _existing_objects_frozen():
        context = BuildContext(site, selection, plugin_manager)
        outputs = collect_outputs(context)
        counts: dict[str, int] = {}
        for output in outputs:
            counts[output.plugin] = counts.get(output.plugin, 0) + 1
        own_pool = None
        if executor is None and jobs is not None and jobs > 1:
            # This process renders too: N processes in all.
            from coachcontent.build.pool import ContextPool

            own_pool = executor = ContextPool(context, max_workers=jobs - 1, share=True)
        try:
            report = write_outputs(
                outputs, out, context, executor=executor, force=force, progress=progress, incremental=incremental
            )
        finally:
            if own_pool is not None:
                own_pool.shutdown(cancel_futures=True)
    return BuildReport(
        site=site,
        outputs=len(outputs),
        by_plugin=tuple(sorted(counts.items())),
        write=report,
    )
