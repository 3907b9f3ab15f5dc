"""`python -m bot.staff add-user NAME [--role staff|admin] [--display-name TEXT] [--password-stdin]`

Creates a staff console account in the gateway's database (DATABASE_URL). The password is read without echo
(twice), or as one line from standard input with --password-stdin (for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from bot.settings import get_settings
from bot.staff.accounts import AccountError, AccountService
from bot.staff.models import ROLE_STAFF, ROLES
from bot.store import ConversationStore
from bot.texts import load_texts


def main(argv: Sequence[str] | None = None, read_password: Callable[[str], str] = getpass.getpass) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description="staff console accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", help="create an account (password read without echo)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, default=ROLE_STAFF)
    add.add_argument("--display-name", default=None, help="name shown to users next to staff replies")
    add.add_argument("--password-stdin", action="store_true", help="read the password as one line of stdin")
    args = parser.parse_args(argv)

    texts = load_texts()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = read_password(texts.get("staff.cli.password_prompt", username=args.username))
        if read_password(texts.get("staff.cli.password_again")) != password:
            print(texts.get("staff.cli.password_mismatch"), file=sys.stderr)
            return 1

    store = ConversationStore.from_url(get_settings().database_url)
    try:
        store.create_schema()
        user = AccountService(store.engine).create_user(args.username, password, args.role, args.display_name)
    except AccountError as exc:
        print(texts.get("staff.cli.failed", reason=texts.get(exc.text_key, **exc.values)), file=sys.stderr)
        return 1
    finally:
        store.dispose()
    print(texts.get("staff.cli.created", username=user.username, role=user.role))
    return 0


if __name__ == "__main__":
    sys.exit(main())
