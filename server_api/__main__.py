"""Command line: serve, migrate, create API keys and users.

    python -m server_api --host H --port P [--workers N]
    python -m server_api migrate
    python -m server_api apikey create NAME
    python -m server_api user create USERNAME --role R [--full-name ..] [--password ..]
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from server_api.errors import ApiError
from server_api.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server_api",
                                     description="Центральний API звернень 1551")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database-url", help="інакше DATABASE_URL або SQLite за замовчуванням")
    parser.add_argument("--workers", type=int,
                        help="процесів сервера (типово: ядер для PostgreSQL, 1 для SQLite)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="міграції, довідники і сервер (за замовчуванням)")
    commands.add_parser("migrate", help="лише міграції бази даних")
    apikey = commands.add_parser("apikey", help="API-ключі каналів")
    apikey.add_argument("action", choices=["create"])
    apikey.add_argument("name")
    user = commands.add_parser("user", help="облікові записи")
    user.add_argument("action", choices=["create"])
    user.add_argument("username")
    user.add_argument("--role", required=True,
                      choices=["operator", "feedback", "shift_lead", "admin"])
    user.add_argument("--full-name", default="")
    user.add_argument("--password")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database_url or Settings().resolved_database_url()
    command = args.command or "serve"
    try:
        return _run(command, args, url)
    except ApiError as exc:
        print(f"Помилка: {exc.message}", file=sys.stderr)
        return 1


def _run(command: str, args: argparse.Namespace, url: str) -> int:
    from server_api.app import prepare_database
    from server_api.db import make_session_factory, session_scope

    if command == "serve":
        from server_api.serving import default_workers, serve

        workers = args.workers or default_workers(url)
        if workers > 1:
            prepare_database(url).dispose()  # once here, before the workers start
        serve(url, args.host, args.port, workers)
        return 0
    engine = prepare_database(url, seed=command != "migrate")
    try:
        if command == "migrate":
            print("Міграції виконано")
            return 0
        with session_scope(make_session_factory(engine)) as session:
            if command == "apikey":
                from server_api.auth.service import create_api_key

                key = create_api_key(session, args.name)
                print(key)
                print(f"Ключ для «{args.name}» показано один раз: збережіть його.",
                      file=sys.stderr)
                return 0
            from server_api.auth.service import create_user

            password = args.password or getpass.getpass("Пароль: ")
            if not password:
                print("Помилка: порожній пароль", file=sys.stderr)
                return 1
            user = create_user(session, args.username, password, args.role, args.full_name)
            print(f"Користувача {user.username} ({user.role}) створено")
            return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
