"""A cadre's training calendar: one iCalendar file (RFC 5545) with an all-day event per session.

Each event runs from the session's first day to its last, all day (``DTEND``
is the day after the last, as RFC 5545 counts), and says the course, the
institution and its city, the hours, what the session serves and who summons.
Its ``UID`` is derived from the cadre and the session only, so the calendar of
a re-plan updates the events of unchanged assignments instead of adding them
twice; the calendar's own ``UID`` is derived from the cadre. Written with the
``icalendar`` library.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event
from icalendar.enums import STATUS, TRANSP

from models.messages import message
from optimizer.reports.notices import Notice

PRODUCT_ID = "-//cadre-plan//training summons//{lang}"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/cadre-plan/cadre-plan/notices")
"""The namespace of the events' UUIDs: any cadre and session id gives the same UID everywhere."""


def event_uid(cadre_id: str, session_id: str) -> str:
    """The stable UID of the event of ``cadre_id`` attending ``session_id``."""
    return f"{uuid.uuid5(NAMESPACE, f'{cadre_id}/{session_id}')}@cadre-plan"


def calendar_uid(cadre_id: str) -> str:
    """The stable UID of the calendar of ``cadre_id``."""
    return str(uuid.uuid5(NAMESPACE, cadre_id))


def session_event(notice: Notice, lang: str, stamp: datetime) -> Event:
    """The all-day event of one notice."""
    facts = {"course": notice.course, "institution": notice.institution}
    description = message(
        "calendar.description",
        session=notice.session_id,
        start=notice.start,
        end=notice.end,
        days=notice.days,
        hours=notice.hours,
        mode=notice.mode(lang),
        serves=notice.serves,
        organiser=notice.organiser,
        **facts,
    )
    return Event.new(
        uid=event_uid(notice.cadre_id, notice.session_id),
        summary=message("calendar.summary", **facts).text(lang),
        start=notice.start,
        end=notice.end + timedelta(days=1),  # exclusive: the day after the last
        location=message("calendar.location", institution=notice.institution, city=notice.city).text(lang),
        description=description.text(lang),
        stamp=stamp,
        sequence=0,
        status=STATUS.CONFIRMED,
        transparency=TRANSP.OPAQUE,
    )


def cadre_calendar(
    cadre_id: str,
    name: str,
    year: int,
    rows: Sequence[Notice],
    lang: str = "zh",
    stamp: datetime | None = None,
) -> Calendar:
    """The calendar of one cadre: an event per notice in ``rows`` (all the cadre's), stamped ``stamp``.

    ``stamp`` is ``DTSTAMP`` (default: now, in UTC).
    """
    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    return Calendar.new(
        prodid=PRODUCT_ID.format(lang=lang.upper()),
        uid=calendar_uid(cadre_id),
        name=message("calendar.name", name=name, year=year).text(lang),
        method="PUBLISH",
        calscale="GREGORIAN",
        subcomponents=[session_event(notice, lang, stamp) for notice in rows],
    )
