"""Retention: a group's personal data leaves this laptop a set number of days after its
last event (setting ``retention_days``, 90 by default).

Checked when the app starts and after each sync. A group whose last event (its chosen
date, else the end of its window) is more than ``retention_days`` before today is purged
with ``app.store.purge.purge_group``: its candidates (unless in another group), enrolments,
marks and their history, notes, walk-ins, submissions. A group with unsent changes is not
purged yet: the purge is deferred until they are sent (``purge_group``'s own rule). A group
with no events here is kept (nothing says it is over). Groups the server says have left the
user's scope are purged by the sync itself (``app.store.apply``).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select

from app import settings
from app.store import Store
from app.store.models import Event, Group
from app.store.purge import purge_group

log = logging.getLogger(__name__)


def today() -> dt.date:
    """The date retention counts from (tests pin it to their fixed "today")."""
    return dt.date.today()


def expired_groups(store: Store, today: dt.date, retention_days: int) -> list[str]:
    """Ids of the groups whose last event ended more than ``retention_days`` ago."""
    cutoff = (today - dt.timedelta(days=retention_days)).isoformat()
    last = func.max(func.coalesce(Event.chosen_date, Event.window_end))
    query = (select(Event.group_id).join(Group, Group.id == Event.group_id)
             .group_by(Event.group_id).having(last < cutoff))
    with store.read() as session:
        return list(session.scalars(query))


def purge_expired(store: Store, on: dt.date | None = None,
                  retention_days: int | None = None) -> int:
    """Purge the expired groups' personal data; returns how many were purged now (others
    wait for their unsent changes). Defaults: today, and the saved setting."""
    on = on or today()
    if retention_days is None:
        retention_days = settings.load(store.path.parent).retention_days
    expired = expired_groups(store, on, retention_days)
    if not expired:
        return 0
    with store.write() as session:
        purged = sum(purge_group(session, group_id) for group_id in expired)
    log.info("retention: %d of %d expired groups purged", purged, len(expired))
    return purged
