"""The hook through which other plugins add share networks.

coachcontent-share adds this specification to the build's plugin manager in
``coachcontent_addhooks``.  Mark implementations
``@coachcontent.hookimpl(optionalhook=True)`` so that a plugin which adds a
network still loads on a site that does not use coachcontent-share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from coachcontent import Site
    from coachcontent_share.networks import ShareNetwork

hookspec = pluggy.HookspecMarker("coachcontent")

# -------------------------------------------------------------------------
# Share networks
# -------------------------------------------------------------------------


@hookspec
def coachcontent_share_networks(site: Site) -> Iterable[ShareNetwork] | None:
    """Add share networks, or replace built-in ones.

    A network is shown only where ``[share] networks`` (or an entry's
    ``share`` front matter) lists its slug.  A network with the slug of a
    built-in one replaces it; when two plugins offer the same slug, the one
    called first (the last registered) wins.

    :param site: the site, for networks that depend on its settings.
    :returns: :class:`~coachcontent_share.ShareNetwork` definitions.
    """
