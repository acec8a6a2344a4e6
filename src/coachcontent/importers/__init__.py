"""Importers: content from other systems turned into coachcontent content folders.

``coachcontent import wordpress EXPORT.xml -o SITE_DIR`` is
:func:`import_wordpress`; :func:`wpautop` and :func:`sanitize_html` are the
two content steps it is built on, usable on their own.
"""

from __future__ import annotations

from coachcontent.importers.report import ImportReport, ImportWarning
from coachcontent.importers.sanitize import sanitize_html
from coachcontent.importers.wordpress import import_wordpress
from coachcontent.importers.wpautop import wpautop

__all__ = ["ImportReport", "ImportWarning", "import_wordpress", "sanitize_html", "wpautop"]
