"""The wire between the desktop app and the central service, shared by both sides.

Record payloads (``records``), request and response models (``wire``), the hybrid logical
clock (``hlc``), the field rules both sides check (``fields``), the event-date rules the
server re-checks (``event_dates``) and the markers for text a person reads (``text``).
Imports only the standard library and pydantic: never app, sync, ui, server, SQLAlchemy,
Qt or HTTP.
"""
