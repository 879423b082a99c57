"""``manage.py audit_verify [--anchor ID:HASH]``: check the audit log's hash chain."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.audit import chain

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = _ANCHOR.match(value.strip().lower())
    if not match:
        raise CommandError(f"--anchor must be ID:HASH (an event id and 64 hex digits), not {value!r}.")
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain: recompute every event's hash in id order, check that "
        "each links to the one before it and that the newest is the one the chain head names. "
        "Prints 'OK: N events verified' and the head, or names the first altered or missing event "
        "and exits with status 1. Safe while the application runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="ID:HASH",
            help="A head printed by an earlier run (kept off this machine): that event must still "
            "have that hash, which also catches a chain rewritten with recomputed hashes.",
        )
        parser.add_argument("--chunk-size", type=int, default=chain.CHUNK_SIZE, help="Events read per query.")

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = _anchor(options["anchor"]) if options["anchor"] else None
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        result = chain.verify(chunk_size=options["chunk_size"], anchor=anchor)
        if not result.ok:
            raise CommandError(
                f"Audit chain broken after {result.count} verified events. {result.problem} "
                "See docs/operations.md, 'Audit integrity'."
            )
        self.stdout.write(self.style.SUCCESS(f"OK: {result.count} events verified."))
        self.stdout.write(f"Head: {result.head_id}:{result.head_hash}")
