"""The iCalendar feed: RFC 5545 line format, escaping, folding, events from front matter, determinism."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from coachcontent_readingtime import EventError, calendar, event_of, site_events
from coachcontent_readingtime.ical import content_line, escape_text, fold

import coachcontent
from coachcontent import Post, Site

# -- an independent reader for what we write ------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    """The octet lines of ``data``, checking that every one ends in CRLF and none has a bare CR or LF."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, line
    return lines


def unfold(data: bytes) -> list[str]:
    """Logical content lines: continuation lines (starting with a space) joined to the line before."""
    logical: list[bytes] = []
    for line in physical_lines(data):
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def properties(data: bytes) -> list[tuple[str, str]]:
    """(name with parameters, raw value) of every logical line."""
    result = []
    for line in unfold(data):
        name, _, value = line.partition(":")
        result.append((name, value))
    return result


# -- content lines --------------------------------------------------------------------


def test_text_values_escape_backslash_semicolon_comma_and_line_breaks() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert unescape(escape_text("a\\b;c,d\ne")) == "a\\b;c,d\ne"
    # A control character cannot appear in a TEXT value; tab can.
    assert escape_text("bell\x07\tand tab") == "bell\tand tab"
    # Colons need no escaping in a value (only the first colon separates name and value).
    assert escape_text("18:00") == "18:00"


def test_short_lines_are_kept_whole_with_crlf() -> None:
    assert fold("SUMMARY:Hello") == b"SUMMARY:Hello\r\n"
    exactly = "X" * 75
    assert fold(exactly) == exactly.encode() + b"\r\n"


def test_long_lines_fold_at_75_octets_with_a_space() -> None:
    line = "DESCRIPTION:" + "abcdefghij" * 20
    folded = fold(line)
    pieces = physical_lines(folded)
    assert [len(piece) for piece in pieces] == [75, 75, 64]
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    assert unfold(folded) == [line]


def test_folding_never_splits_a_utf8_character() -> None:
    # "é" is 2 octets, "🗓" 4: a fold at exactly 75 octets would land inside one.
    for prefix in range(8):
        line = "SUMMARY:" + "x" * prefix + "Réunion d’été 🗓 " * 12
        folded = fold(line)
        for piece in physical_lines(folded):
            assert len(piece) <= 75
            piece.decode("utf-8")
        assert unfold(folded) == [line]


def test_a_content_line_cannot_hold_a_raw_line_break() -> None:
    with pytest.raises(ValueError, match="line break"):
        fold("SUMMARY:two\nlines")


def test_parameter_values_with_separators_are_quoted() -> None:
    assert content_line("X-ROOM", "a", [("NAME", "North: 2nd; east")]) == b'X-ROOM;NAME="North: 2nd; east":a\r\n'
    assert content_line("DTSTART", "20250312", [("VALUE", "DATE")]) == b"DTSTART;VALUE=DATE:20250312\r\n"


# -- events from posts ----------------------------------------------------------------


def test_a_timed_event_is_read_in_the_site_timezone_and_written_in_utc(
    make_site: Callable[..., Site], roundtable: Post
) -> None:
    site = make_site(roundtable)
    event = event_of(site, roundtable)
    assert event is not None
    assert event.start == datetime(2025, 3, 12, 23, 0, tzinfo=UTC)  # 18:00 in Chicago (CDT, UTC-5)
    assert event.end == datetime(2025, 3, 13, 1, 30, tzinfo=UTC)
    assert event.uid == "spring-roundtable@northbridge.example"
    assert event.description == "An evening for new vice presidents, with dinner."
    assert event.categories == ("News & Events", "Talks, Panels; and Q&A")

    data = calendar(site_events(site), name=site.title)
    props = properties(data)
    assert props[:7] == [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", "-//coachcontent//coachcontent-readingtime//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("NAME", "Northbridge Leadership Partners"),
        ("X-WR-CALNAME", "Northbridge Leadership Partners"),
    ]
    event_props = dict(props[props.index(("BEGIN", "VEVENT")) + 1 : props.index(("END", "VEVENT"))])
    assert event_props == {
        "UID": "spring-roundtable@northbridge.example",
        "DTSTAMP": "20250220T150000Z",  # the post's date, not the clock
        "DTSTART": "20250312T230000Z",
        "DTEND": "20250313T013000Z",
        "SUMMARY": "Spring roundtable: leading through a reorganisation",
        "DESCRIPTION": "An evening for new vice presidents\\, with dinner.",
        "LOCATION": "Northbridge office\\; 200 Lake Street\\, Chicago\\nthird floor",
        # Each category escaped on its own; the unescaped comma separates them.
        "CATEGORIES": "News & Events,Talks\\, Panels\\; and Q&A",
        "URL": "https://northbridge.example/2025/02/spring-roundtable/",
    }
    assert props[-1] == ("END", "VCALENDAR")


def test_an_all_day_event_uses_dates_and_an_exclusive_end(make_site: Callable[..., Site], retreat: Post) -> None:
    site = make_site(retreat)
    data = calendar(site_events(site), name="Events")
    props = dict(properties(data))
    assert props["DTSTART;VALUE=DATE"] == "20250926"
    assert props["DTEND;VALUE=DATE"] == "20250929"  # the 28th is the last day
    assert props["UID"] == "retreat-2025@northbridge.example"  # the post's id: survives a rename
    assert props["DTSTAMP"] == "20250615T083000Z"  # updated wins over date


def test_a_one_day_event_without_end_lasts_that_day(
    make_site: Callable[..., Site], make_post: Callable[..., Post]
) -> None:
    post = make_post("open-day", extra={"event": {"start": "2025-05-02"}})
    props = dict(properties(calendar(site_events(make_site(post)), name="Events")))
    assert (props["DTSTART;VALUE=DATE"], props["DTEND;VALUE=DATE"]) == ("20250502", "20250503")
    assert "LOCATION" not in props


def test_the_icalendar_library_reads_the_feed_back(
    make_site: Callable[..., Site], roundtable: Post, retreat: Post
) -> None:
    site = make_site(roundtable, retreat)
    parsed = icalendar.Calendar.from_ical(calendar(site_events(site), name="Northbridge: events, talks; more"))
    # icalendar keeps NAME (RFC 7986, unknown to it) as raw text: unescape it ourselves.
    assert unescape(str(parsed["NAME"])) == "Northbridge: events, talks; more"
    events = parsed.walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [
        "spring-roundtable@northbridge.example",
        "retreat-2025@northbridge.example",
    ]
    first, second = events
    assert first.decoded("DTSTART") == datetime(2025, 3, 12, 23, 0, tzinfo=UTC)
    assert str(first["LOCATION"]) == "Northbridge office; 200 Lake Street, Chicago\nthird floor"
    assert [str(name) for name in first["CATEGORIES"].cats] == ["News & Events", "Talks, Panels; and Q&A"]
    assert second.decoded("DTSTART") == date(2025, 9, 26)
    assert second.decoded("DTEND") == date(2025, 9, 29)


def test_events_are_ordered_by_start_and_drafts_and_future_posts_are_left_out(
    make_site: Callable[..., Site], make_post: Callable[..., Post]
) -> None:
    posts = [
        make_post("late", extra={"event": {"start": "2025-06-01 09:00"}}),
        make_post("early", extra={"event": {"start": "2025-04-01"}}),
        make_post("hidden", draft=True, extra={"event": {"start": "2025-05-01"}}),
        make_post("future", date=datetime(2031, 1, 1, tzinfo=UTC), extra={"event": {"start": "2031-02-01"}}),
        make_post("no-event"),
    ]
    site = make_site(*posts)
    assert [event.post for event in site_events(site)] == ["early", "late"]


@pytest.mark.parametrize(
    ("event", "key", "message"),
    [
        ("soon", "event", "expected a table with start, end, location"),
        ({"end": "2025-03-01"}, "event.start", "missing"),
        ({"start": "next tuesday"}, "event.start", "expected a date (2025-03-12)"),
        ({"start": 20250301}, "event.start", "expected a date or a date and time"),
        ({"start": "2025-03-01 10:00", "end": "2025-03-01 09:00"}, "event.end", "must be after the start"),
        ({"start": "2025-03-01", "end": "2025-03-01 09:00"}, "event.end", "both be dates"),
        ({"start": "2025-03-02", "end": "2025-03-01"}, "event.end", "must not be before the first"),
        ({"start": "2025-03-02", "location": ["a", "b"]}, "event.location", "expected text"),
        ({"start": "2025-03-02", "room": "4"}, "event.room", "unknown key"),
    ],
)
def test_malformed_events_name_the_file_and_the_key(
    make_site: Callable[..., Site], make_post: Callable[..., Post], event: object, key: str, message: str
) -> None:
    post = make_post("broken", extra={"event": event}, source_path="content/posts/broken.md")
    with pytest.raises(EventError) as caught:
        event_of(make_site(post), post)
    assert caught.value.key == key
    assert message in caught.value.message
    assert str(caught.value).startswith(f"content/posts/broken.md: {key}: ")


def test_an_empty_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        calendar((), name="Nothing")


# -- the build --------------------------------------------------------------------------


def _event_site(write_site: Callable[..., Path], extra_toml: str = "", name: str = "site") -> Path:
    return write_site(
        {
            "2025-02-20-spring-roundtable.md": """\
                ---
                title: "Spring roundtable: leading through a reorganisation, part 2"
                event:
                  start: 2025-03-12 18:00
                  end: 2025-03-12 20:30
                  location: "Harbour House, Quay Street; Bristol"
                ---
                An evening for new directors.
                """,
            "2025-01-05-hello.md": "---\ntitle: Hello\n---\nNo event here.\n",
        },
        extra_toml,
        name=name,
    )


def test_the_build_writes_events_ics_deterministically(
    write_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _event_site(write_site)
    selection = coachcontent.PluginSelection(enabled=["readingtime"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())))
    first = coachcontent.build_site(coachcontent.load_site(root), tmp_path / "one", selection=selection)
    assert ("readingtime", 1) in first.by_plugin
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2027, 6, 1, tzinfo=UTC).timestamp())))
    coachcontent.build_site(coachcontent.load_site(root), tmp_path / "two", selection=selection, jobs=2)
    one = (tmp_path / "one" / "events.ics").read_bytes()
    assert one == (tmp_path / "two" / "events.ics").read_bytes()
    props = dict(properties(one))
    assert props["DTSTART"] == "20250312T180000Z"  # Europe/London is UTC+0 in March
    assert props["DTSTAMP"] == "20250220T000000Z"  # the post's date from its file name
    assert props["LOCATION"] == "Harbour House\\, Quay Street\\; Bristol"
    assert props["X-WR-CALNAME"] == "Harbour Coaching"


def test_no_events_no_file_and_the_calendar_can_be_moved_or_turned_off(
    write_site: Callable[..., Path], tmp_path: Path
) -> None:
    selection = coachcontent.PluginSelection(enabled=["readingtime"])

    def build(root: Path) -> set[str]:
        out = tmp_path / f"out-{root.name}"
        coachcontent.build_site(coachcontent.load_site(root), out, selection=selection)
        return {path.relative_to(out).as_posix() for path in out.rglob("*.ics")}

    assert build(write_site({"2025-01-05-hello.md": "---\ntitle: Hello\n---\nHi.\n"}, name="plain")) == set()
    assert build(_event_site(write_site, "[readingtime]\ncalendar = false\n", name="off")) == set()
    moved = _event_site(write_site, '[readingtime]\ncalendar_path = "events/all.ics"\n', name="moved")
    assert build(moved) == {"events/all.ics"}


def test_a_malformed_event_stops_the_build_with_the_file(write_site: Callable[..., Path], tmp_path: Path) -> None:
    root = write_site({"2025-02-20-talk.md": "---\ntitle: Talk\nevent:\n  start: someday\n---\nHi.\n"})
    site = coachcontent.load_site(root)
    with pytest.raises(coachcontent.BuildError) as caught:
        coachcontent.build_site(site, tmp_path / "out", selection=coachcontent.PluginSelection(enabled=["readingtime"]))
    message = str(caught.value)
    assert "'readingtime'" in message  # the core names the plugin
    assert "content/posts/2025-02-20-talk.md: event.start: expected a date (2025-03-12)" in message
    assert not (tmp_path / "out").exists()


def test_the_events_feed_is_linked_from_every_page_head(
    make_site: Callable[..., Site], roundtable: Post, selection: coachcontent.PluginSelection
) -> None:
    pm = coachcontent.make_plugin_manager(selection)
    site = make_site(roundtable, config={"readingtime": {"calendar_path": "events/all.ics", "calendar_name": "Talks"}})
    results = pm.hook.coachcontent_head_metadata(site=site, view=coachcontent.View(kind="home", url="/"))
    assert [tag for result in results for tag in result] == [
        coachcontent.LinkTag(rel="alternate", type="text/calendar", href="/events/all.ics", title="Talks")
    ]
    quiet = make_site(config={"readingtime": {"calendar": False}})
    assert not any(pm.hook.coachcontent_head_metadata(site=quiet, view=coachcontent.View(kind="home", url="/")))


def test_stamps_follow_the_post_not_the_clock(make_site: Callable[..., Site], roundtable: Post) -> None:
    site = make_site(roundtable)
    before = calendar(site_events(site), name="x")
    later = make_site(roundtable, as_of=datetime(2040, 1, 1, tzinfo=UTC) + timedelta(days=3))
    assert calendar(site_events(later), name="x") == before
