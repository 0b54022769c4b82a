"""The command line: `python -m functions migrate | ingest PATH | top [...]`.

Errors print one line on stderr and exit non-zero; no tracebacks.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from pathlib import Path

import psycopg

from functions.errors import describe, first_line
from functions.ingest.pipeline import ingest
from functions.settings import get_settings
from functions.store import queries
from functions.store.db import connect
from functions.store.migrate import migrate


def _migrate(args: argparse.Namespace) -> int:
    applied = migrate(get_settings().require_database())
    print(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else ""))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    path = args.path
    if path == "-":
        result = ingest(sys.stdin.buffer, "<stdin>", origin="cli")
    else:
        file = Path(path)
        if not file.is_file():
            raise ValueError(f"no such file: {path}")
        with file.open("rb") as source:
            result = ingest(source, file.name, origin="cli", size=file.stat().st_size)
    c = result.counts
    if result.status == "failed":
        print(f"error: {result.error} (ingestion {result.ingestion_id})", file=sys.stderr)
        return 1
    print(f"{result.status}: ingestion {result.ingestion_id}, years {c.years}, "
          f"{c.rows_read:,} rows read, {c.rows_loaded:,} loaded, {c.rows_rejected:,} rejected, "
          f"{c.rows_duplicate:,} duplicate, {c.rows_replaced:,} replaced")
    for reject in c.rejects[:10]:
        print(f"  rejected line {reject['line']}: {reject['reason']}")
    return 0


def _format_mwh(value: float | None) -> str:
    return "not reported" if value is None else f"{value:,.0f}"


def _top(args: argparse.Namespace) -> int:
    with connect(get_settings().require_database()) as conn:
        answer = queries.top_plants(conn, n=args.n, year=args.year, state=args.state)
    if args.json:
        print(json.dumps(answer, indent=2))
        return 0
    where = answer["state"] or "the U.S."
    if not answer["plants"]:
        print("no data yet: ingest a GEN file first" if answer["year"] is None
              else f"no plants in {where} in {answer['year']}")
        return 0
    print(f"Top {len(answer['plants'])} of {answer['total_plants']:,} plants in {where}, "
          f"{answer['year']}, by annual net generation")
    print(f"{'rank':>4}  {'ORISPL':>7}  {'plant':<40} {'st':<2}  {'net gen MWh':>14}  "
          f"{'cap MW':>9}  fuel")
    for p in answer["plants"]:
        capacity = "" if p["capacity_mw"] is None else f"{p['capacity_mw']:,.1f}"
        print(f"{p['rank']:>4}  {p['plant_code']:>7}  {(p['name'] or '')[:40]:<40} {p['state']:<2}  "
              f"{_format_mwh(p['net_generation_mwh']):>14}  {capacity:>9}  "
              f"{p['primary_fuel'] or ''}")
    return 0


def _users(args: argparse.Namespace) -> int:
    from functions.api.auth import hash_password
    from functions.store import users

    settings = get_settings()
    migrate(settings.require_database())
    with connect(settings.require_database(), autocommit=True) as conn:
        if args.action == "list":
            for user in users.all_users(conn):
                state = "disabled" if user.disabled else "active"
                print(f"{user.username:<24} {user.role:<7} {state:<9} since {user.created_at:%Y-%m-%d}")
        elif args.action == "add":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass(f"password for {args.username}: ")
            if len(password) < 8:
                raise ValueError("the password must have at least 8 characters")
            users.add(conn, args.username, hash_password(password), args.role)
            print(f"added {args.role} {args.username}")
        else:
            users.set_disabled(conn, args.username, args.action == "disable")
            print(f"{args.action}d {args.username}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m functions",
                                     description="eGRID power plants: load and query.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    p = commands.add_parser("ingest", help="load an eGRID generator CSV file (- for stdin)")
    p.add_argument("path")
    p.set_defaults(run=_ingest)
    p = commands.add_parser("top", help="top plants by annual net generation")
    p.add_argument("--year", type=int, help="data year (default: the latest loaded)")
    p.add_argument("--state", help="two-letter state code, e.g. TX (default: all states)")
    p.add_argument("--n", type=int, default=10, help="how many plants, 1-1000 (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON, as the API serves it")
    p.set_defaults(run=_top)
    p = commands.add_parser("users", help="manage API users")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user (asks for the password)")
    add.add_argument("username")
    add.add_argument("--role", choices=("viewer", "admin"), default="viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    actions.add_parser("list", help="list users")
    for action in ("disable", "enable"):
        actions.add_parser(action, help=f"{action} a user").add_argument("username")
    p.set_defaults(run=_users)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=get_settings().log_level, format="%(levelname)s %(message)s",
                        stream=sys.stderr)
    logging.getLogger("yoyo").setLevel(logging.WARNING)
    try:
        return args.run(args)
    except (ValueError, queries.NotFound, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
    except psycopg.OperationalError as error:
        print(f"error: database unavailable: {first_line(error)}",
              file=sys.stderr)
    except psycopg.errors.UndefinedTable:
        print("error: the database has no schema yet: run `python -m functions migrate`",
              file=sys.stderr)
    except psycopg.Error as error:  # recorded on the ingestion when it was one; no traceback
        print(f"error: database error: {describe(error)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
