"""The content models: plain, frozen ``attrs`` classes that do no I/O."""

from coachcontent.models.author import Author
from coachcontent.models.entry import Entry, Image, Page, Post
from coachcontent.models.frozendict import FrozenDict
from coachcontent.models.navigation import Breadcrumb, Link, LinkList, NavItem, NavTree, TermRef
from coachcontent.models.site import Archive, PageNode, Site, TagCloudEntry, TermNode
from coachcontent.models.social import ShareLink, SocialProfile, network_label
from coachcontent.models.taxonomy import Taxonomy, Term
from coachcontent.models.urls import UrlScheme, output_path

__all__ = [
    "Archive",
    "Author",
    "Breadcrumb",
    "Entry",
    "FrozenDict",
    "Image",
    "Link",
    "LinkList",
    "NavItem",
    "NavTree",
    "Page",
    "PageNode",
    "Post",
    "ShareLink",
    "Site",
    "SocialProfile",
    "TagCloudEntry",
    "Taxonomy",
    "Term",
    "TermNode",
    "TermRef",
    "UrlScheme",
    "network_label",
    "output_path",
]
