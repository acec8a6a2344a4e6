"""coachcontent-readingtime: reading-time estimates and an iCalendar feed of event posts.

The worked example of the coachcontent plugin author's guide.  Importing
this package does not register anything: the core loads
:mod:`coachcontent_readingtime.plugin` through the ``readingtime`` entry
point, or a test passes it in ``PluginSelection(extra=[...])``.
"""

from __future__ import annotations

from coachcontent_readingtime.events import EVENT_KEYS, Event, EventError, calendar, event_of, site_events
from coachcontent_readingtime.settings import SECTION, Settings
from coachcontent_readingtime.words import html_text, reading_minutes, word_count

__version__ = "0.1.0"

__all__ = [
    "EVENT_KEYS",
    "SECTION",
    "Event",
    "EventError",
    "Settings",
    "__version__",
    "calendar",
    "event_of",
    "html_text",
    "reading_minutes",
    "site_events",
    "word_count",
]
