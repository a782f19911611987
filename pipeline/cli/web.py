"""The managers' side: the triage web app, its accounts, and their dismissals exported as training data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.table import Table

from pipeline.cli.common import err, open_store, out, settings_from
from pipeline.errors import CoachloopError
from pipeline.jsonio import dumps_line


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="the managers' triage web app on 127.0.0.1")
    serve.add_argument("--db")
    serve.add_argument("--rules", help="rules folder (behaviour descriptions and skills)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--recordings", help="recordings folder for calls imported as transcripts (matched by call_id)")
    serve.add_argument(
        "--lock-timeout",
        dest="lock_timeout",
        type=float,
        default=10.0,
        help="seconds a save waits for a DB another process holds (pages read the analysts' snapshot meanwhile)",
    )
    serve.add_argument(
        "--trust-proxy",
        dest="trust_proxy",
        action="store_true",
        help="behind an HTTPS reverse proxy on this machine: trust its X-Forwarded-For/-Proto headers",
    )
    serve.add_argument(
        "--secure-cookies",
        dest="secure_cookies",
        choices=("auto", "always", "never"),
        default="auto",
        help="the session cookie's Secure flag (auto: when the request came over HTTPS)",
    )
    serve.add_argument(
        "--origin",
        dest="origins",
        action="append",
        default=[],
        help="the app's public origin behind a proxy that rewrites Host (e.g. https://coach.example.com); repeatable",
    )
    serve.set_defaults(handler=cmd_serve)

    users = commands.add_parser("users", help="manager accounts and their teams")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    users_add = user_commands.add_parser("add", help="add a manager or rep account, or reset its name and password")
    account = users_add.add_mutually_exclusive_group(required=True)
    account.add_argument("--manager", help="the manager's user id (their login)")
    account.add_argument("--rep", help="a rep's id: their read-only login to their own coaching page")
    users_add.add_argument("--name", required=True, help="display name")
    users_add.add_argument("--password-stdin", dest="password_stdin", action="store_true", required=True)
    users_add.add_argument("--db")
    users_add.set_defaults(handler=cmd_users_add)
    users_assign = user_commands.add_parser("assign", help="put a rep in a manager's team")
    users_assign.add_argument("--manager", required=True)
    users_assign.add_argument("--rep", required=True, action="append", help="rep id (repeat for several)")
    users_assign.add_argument("--db")
    users_assign.set_defaults(handler=cmd_users_assign)
    users_set = user_commands.add_parser("set", help="an account's e-mail address, and whether reports are mailed")
    users_set.add_argument("user_id", help="the manager's user id, or the rep's id")
    mail = users_set.add_mutually_exclusive_group(required=True)
    mail.add_argument("--email", help="the address weekly reports and nightly digests are mailed to")
    mail.add_argument(
        "--no-email", dest="no_email", action="store_true", help="mail nothing to this account (the address is kept)"
    )
    mail.add_argument("--email-on", dest="email_on", action="store_true", help="mail this account again")
    users_set.add_argument("--db")
    users_set.set_defaults(handler=cmd_users_set)
    users_list = user_commands.add_parser("list", help="accounts and their teams")
    users_list.add_argument("--db")
    users_list.set_defaults(handler=cmd_users_list)
    users_sessions = user_commands.add_parser("sessions", help="an account's logged-in sessions, and ending them")
    users_sessions.add_argument("user_id", help="the account's user id")
    users_sessions.add_argument(
        "--revoke",
        nargs="?",
        const="all",
        metavar="SESSION",
        help="end one session (its id as listed) or, without one, every session of the account",
    )
    users_sessions.add_argument("--db")
    users_sessions.set_defaults(handler=cmd_users_sessions)

    export_feedback = commands.add_parser(
        "export-feedback", help="managers' false-positive dismissals as labelled utterances (JSON Lines)"
    )
    export_feedback.add_argument("--db")
    export_feedback.add_argument("--rules", help="rules folder")
    export_feedback.add_argument("--output", help="JSONL file to write (default: stdout)")
    export_feedback.set_defaults(handler=cmd_export_feedback)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pipeline.coaching import triage
    from pipeline.web.app import WebOptions, create_app

    settings = settings_from(args)
    options = WebOptions(
        db_path=settings.db_path,
        rules_dir=settings.rules_dir,
        recordings_dir=Path(args.recordings) if args.recordings else None,
        snapshot_path=settings.analyst_snapshot,
        lock_timeout_s=args.lock_timeout,
        secure_cookies=args.secure_cookies,
        trust_proxy=args.trust_proxy,
        extra_origins=tuple(args.origins),
        coaching=settings.coaching,
        refresh_s=settings.web.refresh_s,
        query_threads=settings.web.query_threads,
    )
    app = create_app(options)
    err.print(f"coachloop serve: http://127.0.0.1:{args.port}/ over {settings.db_path}", highlight=False)
    if not any(account["role"] == "manager" for account in triage.accounts(app.state.web.store)):
        err.print(
            "no manager accounts yet: coachloop users add --manager ID --name NAME --password-stdin", highlight=False
        )
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info", proxy_headers=False, server_header=False)
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage
    from pipeline.web.auth import hash_password

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        raise CoachloopError(str(exc)) from exc
    store = open_store(settings_from(args))
    if args.rep:
        outcome = triage.save_rep_account(store, args.rep, args.name, password_hash)
        err.print(f"rep {args.rep} {outcome} (read-only: their own coaching page)", highlight=False)
        return 0
    outcome = triage.save_manager(store, args.manager, args.name, password_hash)
    err.print(f"manager {args.manager} {outcome}", highlight=False)
    return 0


def cmd_users_assign(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage

    store = open_store(settings_from(args))
    for rep_id in args.rep:
        previous = triage.assign_rep(store, args.manager, rep_id)
        moved = f" (was {previous})" if previous and previous != args.manager else ""
        err.print(f"{rep_id} -> {args.manager}{moved}", highlight=False)
    return 0


def cmd_users_set(args: argparse.Namespace) -> int:
    from pipeline.store import accounts

    store = open_store(settings_from(args))
    if args.email is not None:
        address = accounts.set_email(store, args.user_id, args.email)
        err.print(f"{args.user_id}: reports are mailed to {address}", highlight=False)
    else:
        accounts.set_mail_opt_out(store, args.user_id, args.no_email)
        err.print(f"{args.user_id}: mail {'off' if args.no_email else 'on'}", highlight=False)
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage

    table = Table(title="Accounts", title_justify="left")
    for column in ("user id", "role", "name", "can log in", "e-mail", "reps"):
        table.add_column(column)
    for account in triage.accounts(open_store(settings_from(args))):
        table.add_row(
            account["user_id"],
            account["role"],
            account["display_name"],
            "yes" if account["can_log_in"] else "no",
            (account["email"] or "–") + (" (mail off)" if account["mail_opt_out"] else ""),
            ", ".join(account["reps"] or []),
        )
    out.print(table)
    return 0


def cmd_users_sessions(args: argparse.Namespace) -> int:
    from pipeline.store import accounts, web_sessions
    from pipeline.web.sessions import utc_now

    store = open_store(settings_from(args))
    if args.revoke:
        ended = web_sessions.revoke(store, args.user_id, None if args.revoke == "all" else args.revoke)
        err.print(f"{ended} session(s) of {args.user_id} ended", highlight=False)
        return 0
    if accounts.user(store, args.user_id) is None:
        raise CoachloopError(f"no account {args.user_id}: see `coachloop users list`")
    table = Table(title=f"Sessions of {args.user_id} (UTC)", title_justify="left")
    table.add_column("session", no_wrap=True, min_width=web_sessions.HANDLE_LENGTH)  # what --revoke takes
    for column in ("logged in", "last used", "expires"):
        table.add_column(column, no_wrap=True, min_width=16)
    table.add_column("address")
    table.add_column("browser")
    for found in web_sessions.of_user(store, args.user_id, utc_now()):
        table.add_row(
            found["handle"],
            f"{found['created_at']:%Y-%m-%d %H:%M}",
            f"{found['last_seen_at']:%Y-%m-%d %H:%M}",
            f"{found['expires_at']:%Y-%m-%d %H:%M}",
            found["client_address"] or "",
            found["user_agent"] or "",
        )
    out.print(table)
    return 0


def cmd_export_feedback(args: argparse.Namespace) -> int:
    from pipeline.analysis.rules import load_rules
    from pipeline.learning.feedback import feedback_examples

    settings = settings_from(args)
    examples, without_utterance = feedback_examples(open_store(settings), load_rules(settings.rules_dir))
    lines = "".join(dumps_line(example) + "\n" for example in examples)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    skipped = f"; {without_utterance} dismissal(s) had no evidence utterance to export" if without_utterance else ""
    err.print(f"{len(examples)} labelled example(s) from false-positive dismissals{skipped}", highlight=False)
    return 0
