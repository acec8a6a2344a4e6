"""Attachments: the media files of an export, for ``attachments.json``, galleries and featured images."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from attrs import define

from coachcontent.importers.common import Warnings, absolute_http, as_int, html_to_text, id_key, item_date
from coachcontent.importers.shortcodes import GalleryImage
from coachcontent.importers.wxr import ItemRecord

_IMAGE_EXTENSIONS = {
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "ico", "heic",
}  # fmt: skip
# The start of the serialized PHP array in _wp_attachment_metadata: a:5:{s:5:"width";i:1200;...
_PHP_SIZE = re.compile(r'^a:\d+:\{s:5:"width";i:(\d+);s:6:"height";i:(\d+);')


@define
class AttachmentPlan:
    """One attachment for ``attachments.json`` and galleries."""

    attachment_id: int
    title: str
    url: str
    parent_id: int | None
    alt: str
    caption: str
    description: str
    mime_type: str
    width: int | None
    height: int | None
    date: datetime | None
    order: int

    @property
    def is_image(self) -> bool:
        """Whether it is an image (by MIME type, else by file extension)."""
        if self.mime_type:
            return self.mime_type.startswith("image/")
        extension = urlsplit(self.url).path.rsplit(".", 1)[-1].lower()
        return extension in _IMAGE_EXTENSIONS

    def gallery_image(self) -> GalleryImage:
        """The attachment as a gallery shows it."""
        return GalleryImage(
            attachment_id=self.attachment_id,
            url=self.url,
            alt=self.alt,
            caption=self.caption,
            width=self.width,
            height=self.height,
            is_image=self.is_image,
        )


def build_attachments(
    items: Sequence[ItemRecord], site_url: str, zone: ZoneInfo, warnings: Warnings
) -> dict[int, AttachmentPlan]:
    """Every attachment with a usable id and URL, by id."""
    result: dict[int, AttachmentPlan] = {}
    for item in sorted(items, key=id_key):
        if item.post_type != "attachment":
            continue
        attachment_id = as_int(item.post_id)
        subject = f"attachment:{item.post_id}"
        raw = item.attachment_url or item.guid
        url = absolute_http(raw) or (absolute_http(urljoin(site_url + "/", raw.strip())) if raw.strip() else None)
        if attachment_id is None or url is None:
            warnings.add(item.line, subject, f"no usable id or URL ({raw!r}); left out")
            continue
        if attachment_id in result:
            warnings.add(item.line, subject, "appears twice; kept once")
            continue
        size = _PHP_SIZE.match(item.meta_value("_wp_attachment_metadata"))
        result[attachment_id] = AttachmentPlan(
            attachment_id=attachment_id,
            title=html_to_text(item.title).strip(),
            url=url,
            parent_id=as_int(item.post_parent) or None,
            alt=item.meta_value("_wp_attachment_image_alt").strip(),
            caption=item.excerpt.strip(),
            description=item.content.strip(),
            mime_type=item.meta_value("_wp_attachment_mime_type").strip(),
            width=int(size.group(1)) if size else None,
            height=int(size.group(2)) if size else None,
            date=item_date(item, zone),
            order=as_int(item.menu_order) or 0,
        )
    return result
