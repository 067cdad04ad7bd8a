"""Local SQLite outbox: appeals, consultations and call summaries sent exactly once.

Every item gets its Idempotency-Key when it is first stored, and every send
of that item carries the same key, so the API creates one record even when a
send succeeded but its answer was lost. The UI should use ``deliver`` (store,
then try at once) rather than calling the API directly: that way the key
exists before the first attempt and a retry can never duplicate.

A call summary may point at an appeal or consultation still waiting here:
``links={"appeal_id": item.local_ref}`` (or a list of references for a list
field, ``{"appeal_ids": [ref, ...]}``); the field is filled with the API's id
once that item has been sent (and left out if it was rejected).

A call summary is stored ``held`` at hang-up and released, complete, when the
call's wrap-up ends: a crash in between loses nothing, since a new Outbox
releases what a previous run left held.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from operator_app.api_client import ApiClient, ApiError, ApiUnavailable

log = logging.getLogger(__name__)

Kind = Literal["appeal", "consultation", "call"]
State = Literal["held", "pending", "sent", "rejected"]
KINDS: tuple[Kind, ...] = ("appeal", "consultation", "call")

_SENDERS: dict[str, Callable[[ApiClient, dict[str, Any], str], dict[str, Any]]] = {
    "appeal": ApiClient.create_appeal,
    "consultation": ApiClient.create_consultation,
    "call": ApiClient.post_call,
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    local_ref TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    error_code TEXT,
    error_field TEXT,
    result TEXT,
    sent_at REAL
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, seq);
"""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    seq: int
    local_ref: str  # our own id, to link a call summary to an appeal not yet sent
    kind: str
    payload: dict[str, Any]
    # payload field -> local_ref (or a list of them) of the items whose API ids go there
    links: dict[str, Any]
    idempotency_key: str
    state: State
    created_at: float
    attempts: int
    last_error: str | None  # Ukrainian: why the API refused it, or why it could not be sent
    error_code: str | None
    error_field: str | None
    result: dict[str, Any] | None  # the API's answer once sent
    sent_at: float | None

    @property
    def reason(self) -> str | None:
        """Why the API refused it (Ukrainian), for the operator's banner."""
        return self.last_error if self.state == "rejected" else None

    @property
    def remote_id(self) -> Any:
        return None if self.result is None else self.result.get("id")


@dataclass(frozen=True, slots=True)
class DrainResult:
    sent: int
    rejected: int
    pending: int  # still waiting after this drain
    unavailable: str | None  # why the drain stopped early (API unreachable), else None


class Outbox:
    def __init__(self, path: Path, *, release_held: bool = True):
        """`release_held`: items a previous run held (a call summary whose wrap-up
        never ended: the app crashed) become pending, as they are. Only the one
        Outbox a desktop opens at start-up may do that."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One send at a time: drain (timer) and deliver (form) may run in two workers.
        self._send_lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)
            if release_held:
                released = db.execute(
                    "UPDATE outbox SET state = 'pending' WHERE state = 'held'").rowcount
                if released:
                    log.info("outbox: %d item(s) held by a previous run released", released)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per operation: cheap for SQLite and safe from any thread.
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # an item acknowledged is on disk
            yield db
        finally:
            db.close()

    # -- writing -----------------------------------------------------------------
    def submit(self, kind: str, payload: Mapping[str, Any],
               links: Mapping[str, Any] | None = None, *, held: bool = False) -> OutboxItem:
        """Store an item durably, with its Idempotency-Key, to be sent later
        (`held`: not before `release`)."""
        if kind not in _SENDERS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        links = dict(links or {})
        with self._connect() as db:
            self._check_links(db, links)
            cursor = db.execute(
                "INSERT INTO outbox (local_ref, kind, payload, links, idempotency_key, "
                "created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), kind, json.dumps(dict(payload), ensure_ascii=False),
                 json.dumps(links), str(uuid.uuid4()), time.time(),
                 "held" if held else "pending"))
            seq = cursor.lastrowid
        item = self.get(seq) if seq is not None else None
        assert item is not None
        log.info("outbox: %s #%d stored%s", kind, item.seq, " (held)" if held else "")
        return item

    def release(self, local_ref: str, payload: Mapping[str, Any] | None = None,
                links: Mapping[str, Any] | None = None) -> OutboxItem | None:
        """A held item is complete: store its final payload and links, make it pending."""
        with self._connect() as db:
            if links is not None:
                self._check_links(db, links)
            db.execute(
                "UPDATE outbox SET state = 'pending', payload = coalesce(?, payload), "
                "links = coalesce(?, links) WHERE local_ref = ? AND state = 'held'",
                (None if payload is None else json.dumps(dict(payload), ensure_ascii=False),
                 None if links is None else json.dumps(dict(links)), local_ref))
        return self.get_by_ref(local_ref)

    @staticmethod
    def _check_links(db: sqlite3.Connection, links: Mapping[str, Any]) -> None:
        for field, refs in links.items():
            for ref in _as_list(refs):
                if db.execute("SELECT 1 FROM outbox WHERE local_ref = ?", (ref,)).fetchone() \
                        is None:
                    raise ValueError(f"link {field} -> {ref}: no such outbox item")

    def send_now(self, client: ApiClient, local_ref: str) -> OutboxItem | None:
        """Try one pending item now; it stays pending if the API is away."""
        item = self.get_by_ref(local_ref)
        if item is None or item.state != "pending":
            return item
        try:
            return self._send(client, item, raise_rejection=False)
        except ApiUnavailable:
            return self.get(item.seq)

    def deliver(self, client: ApiClient, kind: str, payload: Mapping[str, Any],
                links: Mapping[str, str] | None = None) -> OutboxItem:
        """Store, then try to send now: the item comes back ``sent`` (with the API's
        answer in ``result``) or ``pending`` (queued: API unreachable, or a link
        still waiting).

        A 4xx is the operator's to fix while the form is still open, so the item
        is dropped and the ApiError raised (nothing is lost: the form holds it).
        """
        item = self.submit(kind, payload, links)
        try:
            return self._send(client, item, raise_rejection=True)
        except ApiUnavailable:
            return self.get(item.seq) or item

    def drain(self, client: ApiClient) -> DrainResult:
        """Send waiting items oldest first; stop at the first sign the API is down."""
        sent = rejected = 0
        unavailable: str | None = None
        progress = True
        # A held call summary may link to items stored after it: another pass sends
        # what was waiting on an item this pass sent.
        while progress and unavailable is None:
            progress = False
            for item in self.pending():
                try:
                    result = self._send(client, item, raise_rejection=False)
                except ApiUnavailable as exc:
                    unavailable = exc.message
                    break
                if result.state == "sent":
                    sent += 1
                    progress = True
                elif result.state == "rejected":
                    rejected += 1
                    progress = True
        return DrainResult(sent, rejected, self.pending_count(), unavailable)

    def discard(self, local_ref: str) -> None:
        """Forget a rejected item once the operator has dealt with it."""
        with self._connect() as db:
            db.execute("DELETE FROM outbox WHERE local_ref = ? AND state = 'rejected'",
                       (local_ref,))

    def _send(self, client: ApiClient, item: OutboxItem, *, raise_rejection: bool) -> OutboxItem:
        with self._send_lock:
            current = self.get(item.seq)
            if current is None or current.state != "pending":
                return current or item  # someone else sent it meanwhile
            payload = self._resolve_links(current)
            if payload is None:
                return current  # an item it links to is still waiting
            try:
                answer = _send_once(client, current.kind, payload, current.idempotency_key)
            except ApiUnavailable as exc:
                self._record_failure(current.seq, exc.message)
                log.info("outbox: %s #%d waits: %s", current.kind, current.seq, exc.message)
                raise
            except ApiError as exc:
                if raise_rejection:
                    with self._connect() as db:
                        db.execute("DELETE FROM outbox WHERE seq = ?", (current.seq,))
                    raise
                self._mark_rejected(current.seq, exc)
                log.warning("outbox: %s #%d rejected: %s", current.kind, current.seq, exc.code)
            else:
                self._mark_sent(current.seq, answer)
                log.info("outbox: %s #%d sent", current.kind, current.seq)
            final = self.get(current.seq)
            assert final is not None
            return final

    def _resolve_links(self, item: OutboxItem) -> dict[str, Any] | None:
        payload = dict(item.payload)
        for field, refs in item.links.items():
            resolved: list[Any] = []
            for ref in _as_list(refs):
                target = self.get_by_ref(ref)
                if target is None or target.state == "rejected":
                    continue  # the call is still worth recording without it
                if target.state in ("pending", "held"):
                    return None
                resolved.append(target.remote_id)
            if isinstance(refs, list):
                known = list(payload.get(field) or [])
                payload[field] = known + [r for r in resolved if r not in known]
            elif resolved:
                payload[field] = resolved[0]
            else:
                payload.pop(field, None)
        return payload

    def _record_failure(self, seq: int, message: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                       (message, seq))

    def _mark_rejected(self, seq: int, error: ApiError) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, "
                "error_code = ?, error_field = ? WHERE seq = ?",
                (error.message, error.code, error.field, seq))

    def _mark_sent(self, seq: int, answer: dict[str, Any] | None) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_error = NULL, "
                "result = ?, sent_at = ? WHERE seq = ?",
                (json.dumps(answer or {}, ensure_ascii=False), time.time(), seq))

    # -- reading -----------------------------------------------------------------
    def _select(self, where: str, args: tuple[Any, ...] = ()) -> list[OutboxItem]:
        with self._connect() as db:
            rows = db.execute(f"SELECT * FROM outbox WHERE {where} ORDER BY seq", args).fetchall()
        return [_item(row) for row in rows]

    def get(self, seq: int) -> OutboxItem | None:
        items = self._select("seq = ?", (seq,))
        return items[0] if items else None

    def get_by_ref(self, local_ref: str) -> OutboxItem | None:
        items = self._select("local_ref = ?", (local_ref,))
        return items[0] if items else None

    def pending(self) -> list[OutboxItem]:
        return self._select("state = 'pending'")

    def pending_count(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()
        return int(row[0])

    def rejected(self) -> list[OutboxItem]:
        return self._select("state = 'rejected'")


def _as_list(refs: Any) -> list[str]:
    return [str(r) for r in refs] if isinstance(refs, list) else [str(refs)]


def _send_once(client: ApiClient, kind: str, payload: dict[str, Any],
               idempotency_key: str) -> dict[str, Any]:
    try:
        return _SENDERS[kind](client, payload, idempotency_key)
    except ApiError as exc:
        if exc.status == 401:
            # An expired sign-in says nothing about the item: keep it for after re-login.
            raise ApiUnavailable(exc.message, exc.status) from exc
        raise


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        seq=row["seq"], local_ref=row["local_ref"], kind=row["kind"],
        payload=json.loads(row["payload"]), links=json.loads(row["links"]),
        idempotency_key=row["idempotency_key"], state=row["state"],
        created_at=row["created_at"], attempts=row["attempts"], last_error=row["last_error"],
        error_code=row["error_code"], error_field=row["error_field"],
        result=json.loads(row["result"]) if row["result"] else None, sent_at=row["sent_at"])
