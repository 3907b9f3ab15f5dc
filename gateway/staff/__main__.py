"""Staff console accounts in the gateway's database (DATABASE_URL):

    python -m gateway.staff add-user NAME [--role staff|admin] [--display-name TEXT] [--password-stdin]
    python -m gateway.staff list-users
    python -m gateway.staff deactivate NAME          # offboarding: no more logins, every session ends at once
    python -m gateway.staff activate NAME
    python -m gateway.staff reset-password NAME [--password-stdin]   # every session of NAME ends
    python -m gateway.staff revoke-sessions NAME     # end every session of NAME (e.g. a lost laptop)

Passwords are read without echo (twice), or as one line from standard input with --password-stdin (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from gateway.settings import get_settings
from gateway.staff.accounts import AccountError, AccountService
from gateway.staff.models import ROLE_STAFF, ROLES
from gateway.store import ConversationStore
from gateway.texts import Texts, load_texts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway.staff", description="staff console accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", help="create an account (password read without echo)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, default=ROLE_STAFF)
    add.add_argument("--display-name", default=None, help="name shown to users next to staff replies")
    add.add_argument("--password-stdin", action="store_true", help="read the password as one line of stdin")
    sub.add_parser("list-users", help="every account, its role and whether it is active")
    for name, help_text in (("deactivate", "no more logins; every session ends at once"),
                            ("activate", "allow a deactivated account to log in again"),
                            ("revoke-sessions", "end every session of the account")):
        sub.add_parser(name, help=help_text).add_argument("username")
    reset = sub.add_parser("reset-password", help="set a new password; every session ends")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password as one line of stdin")
    return parser


def _read_new_password(args: argparse.Namespace, texts: Texts, read_password: Callable[[str], str]) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = read_password(texts.get("staff.cli.password_prompt", username=args.username))
    if read_password(texts.get("staff.cli.password_again")) != password:
        print(texts.get("staff.cli.password_mismatch"), file=sys.stderr)
        return None
    return password


def _run(args: argparse.Namespace, accounts: AccountService, texts: Texts, password: str | None) -> str:
    """Do the command; the line to print."""
    if args.command == "add-user":
        assert password is not None
        user = accounts.create_user(args.username, password, args.role, args.display_name)
        return texts.get("staff.cli.created", username=user.username, role=user.role)
    if args.command == "list-users":
        return "\n".join(f"{u.username}\t{u.role}\t{'active' if u.active else 'deactivated'}\t{u.display_name}"
                         for u in accounts.list_users())
    if args.command in ("deactivate", "activate"):
        user, ended = accounts.set_active(args.username, args.command == "activate")
        if args.command == "activate":
            return texts.get("staff.cli.activated", username=user.username)
        return texts.get("staff.cli.deactivated", username=user.username, sessions=ended)
    if args.command == "reset-password":
        assert password is not None
        ended = accounts.reset_password(args.username, password)
        return texts.get("staff.cli.password_reset", username=args.username.strip().lower(), sessions=ended)
    ended = accounts.revoke_sessions(args.username)
    return texts.get("staff.cli.sessions_revoked", username=args.username.strip().lower(), sessions=ended)


def main(argv: Sequence[str] | None = None, read_password: Callable[[str], str] = getpass.getpass) -> int:
    args = _parser().parse_args(argv)
    texts = load_texts()
    password = None
    if args.command in ("add-user", "reset-password"):
        password = _read_new_password(args, texts, read_password)
        if password is None:
            return 1
    store = ConversationStore.from_url(get_settings().database_url)
    try:
        store.create_schema()
        line = _run(args, AccountService(store.engine), texts, password)
    except AccountError as exc:
        failed = "staff.cli.failed" if args.command == "add-user" else "staff.cli.not_done"
        print(texts.get(failed, reason=texts.get(exc.text_key, **exc.values)), file=sys.stderr)
        return 1
    finally:
        store.dispose()
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
