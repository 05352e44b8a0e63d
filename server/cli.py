"""``npq-server``: run the central service and administer its database.

Every subcommand works on the database named by ``NPQ_DATABASE_URL`` (a SQLAlchemy URL,
``postgresql+psycopg://...`` in production), or, when it is unset, a SQLite file in the
server's data folder (``NPQ_SERVER_HOME`` or the platform's user data folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from server import migrate
from server.db import Database
from server.settings import ServerSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

ROLES = ("facilitator", "partner_lead", "qa_lead", "admin")


def _database(settings: ServerSettings) -> Database:
    database = Database(settings.database_url)
    migrate.upgrade(database)
    return database


class _RedactInvitationTokens(logging.Filter):
    """An evaluation link's token is its only credential: keep it out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(re.sub(r"(/evaluations/)[^/?\s]+", r"\1<token>", a)
                                if isinstance(a, str) else a for a in record.args)
        return True


def worker_app() -> FastAPI:
    """The app of one of several ``serve --workers`` processes (the database is migrated
    once, by the parent, before they start)."""
    from server.app import create_app

    logging.getLogger("uvicorn.access").addFilter(_RedactInvitationTokens())
    settings = ServerSettings.from_env()
    return create_app(settings, Database(settings.database_url))


def cmd_serve(args: argparse.Namespace, settings: ServerSettings) -> int:
    import uvicorn

    from server.app import create_app

    if args.workers > 1:
        # Every worker takes sequence numbers from the counter row in the database, so
        # several processes keep commit order just as threads do.
        _database(settings).dispose()
        os.environ["NPQ_DATABASE_URL"] = settings.database_url
        uvicorn.run("server.cli:worker_app", factory=True, workers=args.workers,
                    host=args.host, port=args.port, log_level="info",
                    proxy_headers=args.proxy_headers)
        return 0
    logging.getLogger("uvicorn.access").addFilter(_RedactInvitationTokens())
    app = create_app(settings, _database(settings))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info",
                proxy_headers=args.proxy_headers)
    return 0


def cmd_seed_demo(args: argparse.Namespace, settings: ServerSettings) -> int:
    from server.seed import seed_demo

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    try:
        seed_demo(_database(settings), today, args.catalogue, season=args.season)
    except RuntimeError as exc:
        print(f"npq-server: {exc}", file=sys.stderr)
        return 1
    season = ", with the application season" if args.season else ""
    print(f"Seeded demo data relative to {today.isoformat()} ({args.catalogue} catalogue"
          f"{season}).")
    return 0


def cmd_simulate_applications(args: argparse.Namespace, settings: ServerSettings) -> int:
    """Applicants arriving at an intake's groups over the weeks up to a day (idempotent)."""
    from server.seed.arrivals import intake_window
    from server.services.applications import find_intake, simulate_applications

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    if args.weeks < 1:
        print("npq-server: --weeks must be at least 1", file=sys.stderr)
        return 1
    with _database(settings).write() as session:
        intake = find_intake(session, args.intake)
        if intake is None:
            print(f"npq-server: no intake {args.intake!r}", file=sys.stderr)
            return 1
        label = str((intake.data or {}).get("label", intake.id))
        window = intake_window(session, intake)
        seasons = simulate_applications(session, intake_id=intake.id, weeks=args.weeks,
                                        today=today)
    print(f"Applications for {label} over the {args.weeks} week(s) to {today.isoformat()} "
          f"(registration open {window.opens_on.isoformat()} to "
          f"{window.closes_on.isoformat()}):")
    for season in seasons:
        print(f"  {season.line()}")
    return 0


def cmd_compute_declarations(args: argparse.Namespace, settings: ServerSettings) -> int:
    """Each group's simulated online activity and funding declarations, as at a day."""
    from server.services.declarations import group_by_code, recompute

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    with _database(settings).write() as session:
        groups = None
        if args.group:
            found = group_by_code(session, args.group)
            if found is None:
                print(f"npq-server: no group {args.group!r}", file=sys.stderr)
                return 1
            groups = [found]
        changed = recompute(session, today, groups)
    print(f"{changed} record(s) changed (progress and declarations as at "
          f"{today.isoformat()}).")
    return 0


def cmd_create_user(args: argparse.Namespace, settings: ServerSettings) -> int:
    from server.services.people import create_user

    password = args.password
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat password: "):
            print("npq-server: the passwords do not match", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("npq-server: use a password of at least 8 characters", file=sys.stderr)
        return 1
    database = _database(settings)
    with database.write() as session:
        user = create_user(session, username=args.username, name=args.name,
                           roles=args.role, password=password, partner_id=args.partner)
    print(f"Created user {user.id}.")
    return 0


def cmd_simulate_evaluations(args: argparse.Namespace, settings: ServerSettings) -> int:
    from server.simulate import simulate_evaluations

    def progress(n: int) -> None:
        if args.over > 0:
            print(f"  {n} answered", flush=True)

    answered = simulate_evaluations(_database(settings), event_id=args.event, count=args.count,
                                    seed=args.seed, over=args.over, on_answer=progress)
    print(f"Answered {answered} open evaluation invitation(s).")
    return 0


def cmd_assignment(args: argparse.Namespace, settings: ServerSettings) -> int:
    """``assign``/``unassign``: a user to/from a group, or a facilitator to/from a QA lead."""
    from server.services import admin

    try:
        message = admin.change_assignment(
            _database(settings), adding=args.command == "assign", username=args.username,
            group=args.group, qa_lead=args.qa_lead, role=args.role)
    except LookupError as exc:
        print(f"npq-server: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


def cmd_qa_care(args: argparse.Namespace, settings: ServerSettings) -> int:
    """``qa-assign``/``qa-unassign``: a facilitator into or out of a QA lead's care."""
    from server.services import admin

    try:
        message = admin.change_qa_care(_database(settings), adding=args.command == "qa-assign",
                                       qa=args.qa, facilitator=args.facilitator)
    except LookupError as exc:
        print(f"npq-server: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


def cmd_publish_template(args: argparse.Namespace, settings: ServerSettings) -> int:
    """A new version of a QA form template family from a JSON file."""
    import json

    from server.forms_catalogue import TemplateError, read_json
    from server.services.templates import publish_template

    try:
        body = read_json(Path(args.file))
        with _database(settings).write() as session:
            record_id, template = publish_template(session, body)
    except (OSError, json.JSONDecodeError, TemplateError) as exc:
        print(f"npq-server: {exc}", file=sys.stderr)
        return 1
    print(f"Published {template.key} version {template.version} ({record_id}).")
    return 0


def cmd_load_term_dates(args: argparse.Namespace, settings: ServerSettings) -> int:
    """An authority's school term dates (one year or several) from a JSON or CSV file."""
    from server.services.term_dates import TermDatesError, load, read_file, venue_authorities

    try:
        bodies = [body for name in args.file for body in read_file(Path(name))]
        with _database(settings).write() as session:
            done = load(session, bodies)
            venues = venue_authorities(session)
    except (OSError, TermDatesError) as exc:
        print(f"npq-server: {exc}", file=sys.stderr)
        return 1
    for body, (record_id, what) in zip(bodies, done, strict=True):
        authority = " ".join(str(body["authority"]).split())
        print(f"{authority} {body['academic_year']}: {what} ({record_id}).")
        if authority.casefold() not in {v.casefold() for v in venues}:
            print(f"  note: no event's venue is in {authority} yet (set one with "
                  "set-local-authority)")
    return 0


def cmd_set_local_authority(args: argparse.Namespace, settings: ServerSettings) -> int:
    """The local authority a venue is in, on every event held there."""
    from server.services.term_dates import TermDatesError, set_venue_authority

    try:
        with _database(settings).write() as session:
            changed = set_venue_authority(session, args.venue, args.authority)
    except (LookupError, TermDatesError) as exc:
        print(f"npq-server: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    print(f"{changed} event(s) at {args.venue} now in {' '.join(args.authority.split())}.")
    return 0


def _assignment_parser(sub: argparse._SubParsersAction, name: str, text: str) -> None:
    parser = sub.add_parser(name, help=text)
    parser.add_argument("username", help="the facilitator (or other user)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--group", metavar="GROUP", help="group id or code")
    target.add_argument("--qa-lead", metavar="USERNAME", help="a QA lead's username")
    parser.add_argument("--role", default="facilitator",
                        choices=("facilitator", "partner_lead", "qa_lead"),
                        help="role in the group (default facilitator)")
    parser.set_defaults(handler=cmd_assignment)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="npq-server", description="NPQ Partner Desk reference central service.",
        epilog="Database: NPQ_DATABASE_URL, else a SQLite file in the server data folder.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--proxy-headers", action="store_true",
                       help="trust X-Forwarded-* from a reverse proxy doing TLS")
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (default 1; on SQLite writers of different "
                            "processes take turns through SQLite's busy wait)")
    serve.set_defaults(handler=cmd_serve)

    seed = sub.add_parser("seed-demo", help="fill a new database with demo data")
    seed.add_argument("--today", metavar="YYYY-MM-DD", help="date the demo is built around")
    seed.add_argument("--catalogue", choices=("pack", "current"), default="pack",
                      help="the partner pack's four qualifications (default), or the current "
                           "national suite of ten")
    seed.add_argument("--season", action="store_true",
                      help="two more groups for the demo partner: one at risk with "
                           "applications coming in, one past its deadline that needs a "
                           "decision")
    seed.set_defaults(handler=cmd_seed_demo)

    apply = sub.add_parser(
        "simulate-applications",
        help="applicants arriving at an intake's groups over the weeks up to today "
             "(idempotent: the same days are never drawn twice)")
    apply.add_argument("--intake", required=True, metavar="INTAKE",
                       help='the intake\'s label ("Spring 2027") or id')
    apply.add_argument("--weeks", type=int, required=True, metavar="N",
                       help="how many weeks up to today")
    apply.add_argument("--today", metavar="YYYY-MM-DD", help="the last day (default: today)")
    apply.set_defaults(handler=cmd_simulate_applications)

    declare = sub.add_parser(
        "compute-declarations",
        help="recompute each group's simulated online activity and funding declarations "
             "from its registers (idempotent)")
    declare.add_argument("--today", metavar="YYYY-MM-DD",
                         help="the day to compute as at (default: today)")
    declare.add_argument("--group", metavar="CODE", help="only this group (id or code)")
    declare.set_defaults(handler=cmd_compute_declarations)

    user = sub.add_parser("create-user", help="create an account")
    user.add_argument("username")
    user.add_argument("--name", required=True, help="full name as shown to colleagues")
    user.add_argument("--role", required=True, action="append", choices=ROLES,
                      help="a role (repeat for several)")
    user.add_argument("--partner", metavar="PARTNER_ID", help="the user's delivery partner")
    user.add_argument("--password", help="the password (prompted for when omitted)")
    user.set_defaults(handler=cmd_create_user)

    simulate = sub.add_parser("simulate-evaluations",
                              help="answer open evaluation invitations with plausible ratings")
    simulate.add_argument("--event", metavar="EVENT_ID", help="only this event")
    simulate.add_argument("--count", "--responses", dest="count", type=int, default=5,
                          help="how many to answer")
    simulate.add_argument("--over", type=float, default=0.0, metavar="SECONDS",
                          help="spread the answers evenly over this many seconds, one at a "
                          "time, so a running client sees the report grow (default: at once)")
    simulate.add_argument("--seed", type=int, default=None, help="random seed")
    simulate.set_defaults(handler=cmd_simulate_evaluations)
    publish = sub.add_parser("publish-template",
                             help="publish a new version of a QA form template")
    publish.add_argument("file", metavar="FILE.json",
                         help="the template (as in resources/forms/); its key names the family")
    publish.set_defaults(handler=cmd_publish_template)
    terms = sub.add_parser("load-term-dates",
                           help="load a local authority's school term dates (replacing "
                                "that authority's year if held)")
    terms.add_argument("file", nargs="+", metavar="FILE",
                       help="JSON (as in resources/term_dates/) or CSV with the header "
                            "authority,academic_year,holiday,first_day,last_day")
    terms.set_defaults(handler=cmd_load_term_dates)
    venue = sub.add_parser("set-local-authority",
                           help="say which local authority a venue is in (its events' "
                                "dates are checked against that authority's term dates)")
    venue.add_argument("authority", help='the local authority, e.g. "Calderdale"')
    venue.add_argument("--venue", required=True, help="the venue's name, as on its events")
    venue.set_defaults(handler=cmd_set_local_authority)
    for name, text in (("qa-assign", "put a facilitator in a QA lead's care"),
                       ("qa-unassign", "take a facilitator out of a QA lead's care; the "
                                       "lead's laptops get tombstones for their forms")):
        care = sub.add_parser(name, help=text)
        care.add_argument("--qa", required=True, metavar="USERNAME", help="the QA lead")
        care.add_argument("--facilitator", required=True, metavar="USERNAME",
                          help="the facilitator")
        care.set_defaults(handler=cmd_qa_care)
    _assignment_parser(sub, "assign", "give a user a group, or a facilitator a QA lead")
    _assignment_parser(sub, "unassign", "take a group (or a QA lead) away; their laptops "
                                        "get tombstones for what left their scope")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = ServerSettings.from_env()
    code: int = args.handler(args, settings)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
