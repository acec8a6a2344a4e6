"""Authors of posts and pages."""

from __future__ import annotations

from attrs import field, frozen

from coachcontent.models import validators as v
from coachcontent.models.frozendict import as_tuple
from coachcontent.models.social import SocialProfile


@frozen(kw_only=True)
class Author:
    """A person who writes for the site.

    :param slug: the key posts use in ``author:``; also the author page's URL part.
    :param name: the display name.
    :param email: optional contact address (feeds use it when present).
    :param url: optional home page (http/https or a site path).
    :param bio: a short biography, plain text.
    :param image: optional portrait (URL or site path).
    :param social: the author's own social profiles.
    """

    slug: str = field(validator=v.slug)
    name: str = field(validator=v.non_empty)
    email: str | None = None
    url: str | None = field(default=None, validator=v.optional_url)
    bio: str = ""
    image: str | None = field(default=None, validator=v.optional_url)
    social: tuple[SocialProfile, ...] = field(default=(), converter=as_tuple)
