"""Outputs are data: a path, a media type and the bytes (or how to render them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

if TYPE_CHECKING:
    from coachcontent.build.context import BuildContext

Renderer = Callable[["BuildContext"], "bytes | str"]


@frozen(kw_only=True)
class Output:
    """One file of the built site.

    Give either ``content`` (bytes, or text written as UTF-8) or a
    ``renderer``: a callable taking the :class:`~coachcontent.BuildContext`
    and returning the content.  Renderers run later, possibly in another
    process, so they must be picklable: a module-level function, or a
    :func:`functools.partial` of one with small, picklable arguments.

    :param path: a relative POSIX path inside the output folder, e.g.
        ``"2024/05/my-post/index.html"``.  The writer refuses anything that
        could leave the folder.
    :param media_type: e.g. ``"text/html"``, ``"application/rss+xml"``.
    :param plugin: the plugin that produced it; the core fills it in.
    :param fingerprint: optional: a digest of everything the rendered bytes
        depend on, best made with :meth:`BuildContext.fingerprint
        <coachcontent.BuildContext.fingerprint>`.  When the previous build into
        the same folder wrote this path with the same fingerprint (and the file
        is still there, at the size it had), the writer keeps that file and
        does not call the renderer.  ``None`` always renders.
    """

    path: str
    media_type: str = "application/octet-stream"
    content: bytes | str | None = field(default=None, repr=False)
    renderer: Renderer | None = field(default=None, repr=False, eq=False)
    plugin: str = ""
    fingerprint: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.content is None) == (self.renderer is None):
            raise ValueError(f"output {self.path!r}: give exactly one of content or renderer")

    def render(self, context: BuildContext) -> bytes:
        """The output's bytes (text encoded as UTF-8)."""
        data: Any = self.content if self.renderer is None else self.renderer(context)
        if isinstance(data, str):
            return data.encode("utf-8")
        if isinstance(data, bytes | bytearray | memoryview):
            return bytes(data)
        raise TypeError(
            f"output {self.path!r} from plugin {self.plugin!r}: renderer returned "
            f"{type(data).__name__}, expected bytes or str"
        )
