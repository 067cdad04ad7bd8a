"""HTTP client for the central API (server_api/API.md), blocking, for worker threads.

Errors come in two kinds the UI treats differently: ``ApiError`` is the
server saying no (4xx: show its Ukrainian message next to the field), and
``ApiUnavailable`` means the server could not be reached or failed (network,
timeout, 5xx: queue the work in the outbox and retry later).
"""

from __future__ import annotations

import threading
from typing import Any

import requests

API_PREFIX = "/api/v1"
# The appeal form's own Idempotency-Key, carried in the payload (never sent in the body).
FORM_KEY = "_idempotency_key"
_UNREACHABLE = "Центральний сервер недоступний"


class ApiError(Exception):
    """The API refused the request (4xx). ``message`` is Ukrainian, for the operator."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 errors: list[dict[str, Any]] | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.errors = errors or []


class ApiUnavailable(Exception):  # noqa: N818 - the design's public name
    """The API could not be reached or failed on its side; worth retrying later."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


def _error_from(response: requests.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        errors = body.get("errors")
        return ApiError(response.status_code, str(body.get("code") or "http_error"),
                        body["message"], body.get("field"),
                        errors if isinstance(errors, list) else None)
    # Something between us and the API (a proxy) answered in its own words.
    return ApiError(response.status_code, "http_error",
                    f"Сервер відхилив запит (код {response.status_code})")


def _raise_for_status(response: requests.Response) -> None:
    """A 5xx: the API is unavailable (the caller may retry); a 4xx: its reason."""
    if response.status_code >= 500:
        raise ApiUnavailable(f"{_UNREACHABLE}: помилка сервера {response.status_code}",
                             response.status_code)
    if response.status_code >= 400:
        raise _error_from(response)


class ApiClient:
    """One client per signed-in operator; safe to share between threads.

    Each thread gets its own ``requests.Session`` (sessions are not
    thread-safe); the token is shared.
    """

    def __init__(self, base_url: str, timeout: float = 5):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token: str | None = None
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    # -- plumbing --------------------------------------------------------------
    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
            self._local = threading.local()  # later calls open fresh sessions
        for session in sessions:
            session.close()

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                json: Any = None, idempotency_key: str | None = None) -> Any:
        """Send one request to ``/api/v1{path}``; the decoded JSON body, or raise."""
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if params:
            params = {key: value for key, value in params.items() if value is not None}
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            response = self._session().request(method, url, params=params, json=json,
                                                headers=headers, timeout=self.timeout)
        except requests.Timeout as exc:
            raise ApiUnavailable(f"{_UNREACHABLE}: немає відповіді за {self.timeout:g} с") \
                from exc
        except requests.RequestException as exc:
            raise ApiUnavailable(f"{_UNREACHABLE}: немає з'єднання") from exc
        _raise_for_status(response)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise ApiUnavailable(f"{_UNREACHABLE}: відповідь не у форматі JSON") from exc

    # -- endpoints (API.md) ----------------------------------------------------
    def login(self, username: str, password: str) -> dict[str, Any]:
        """Signs in and keeps the token for the following requests."""
        result: dict[str, Any] = self.request(
            "POST", "/auth/login", json={"username": username, "password": password})
        self._token = result["token"]
        return result

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/health")
        return result

    def screen_pop(self, phone: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/screen-pop", params={"phone": phone})
        return result

    def classifier(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request("GET", "/classifier")
        return result

    def buildings(self, q: str, limit: int = 10) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request(
            "GET", "/buildings", params={"q": q, "limit": limit})
        return result

    def appeal_preview(self, problem_code: str, building_id: int | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "GET", "/appeals/preview",
            params={"problem_code": problem_code, "building_id": building_id})
        return result

    def create_appeal(self, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        """A key the form put in the payload (FORM_KEY) wins over `idempotency_key`, so
        every send of one form, directly or through the outbox, is one appeal."""
        body = {key: value for key, value in payload.items() if key != FORM_KEY}
        key = str(payload.get(FORM_KEY) or idempotency_key)
        result: dict[str, Any] = self.request("POST", "/appeals", json=body,
                                              idempotency_key=key)
        return result

    def get_appeal(self, ref: int | str) -> dict[str, Any]:
        """By id or by registration number."""
        result: dict[str, Any] = self.request("GET", f"/appeals/{ref}")
        return result

    def list_appeals(self, **filters: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/appeals", params=filters)
        return result

    def create_consultation(self, payload: dict[str, Any],
                            idempotency_key: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request("POST", "/consultations", json=payload,
                                              idempotency_key=idempotency_key)
        return result

    def post_call(self, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request("POST", "/calls", json=payload,
                                              idempotency_key=idempotency_key)
        return result

    def kb_search(self, q: str, limit: int = 10) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request(
            "GET", "/kb/search", params={"q": q, "limit": limit})
        return result

    def kb_article(self, article_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", f"/kb/articles/{article_id}")
        return result

    def directory(self, q: str = "") -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request("GET", "/directory", params={"q": q})
        return result

    def set_agent_state(self, state: str, reason: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "PUT", "/agents/me/state", json={"state": str(state), "reason": reason})
        return result

    def desktop_settings(self, group: str = "") -> Any:
        """What IT provisions centrally for this PC's group (validated by the caller)."""
        return self.request("GET", "/provisioning/desktop", params={"group": group or "*"})

    # -- the feedback department's worklist -----------------------------------
    def worklist(self, page: int = 1, page_size: int = 50, **filters: Any) -> dict[str, Any]:
        """Appeals awaiting verification, most urgent first, and the calling hours."""
        result: dict[str, Any] = self.request(
            "GET", "/worklist", params={"page": page, "page_size": page_size, **filters})
        return result

    def worklist_counts(self, **filters: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/worklist/counts", params=filters)
        return result

    def worklist_item(self, appeal_id: int) -> dict[str, Any]:
        """The item with the appeal's history and the previous callback attempts."""
        result: dict[str, Any] = self.request("GET", f"/worklist/{appeal_id}")
        return result

    def worklist_next(self, **filters: Any) -> dict[str, Any]:
        """Claims the most urgent item this person may call now."""
        body = {key: value for key, value in filters.items() if value is not None}
        result: dict[str, Any] = self.request("POST", "/worklist/next", json=body)
        return result

    def worklist_claim(self, appeal_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.request("POST", f"/worklist/{appeal_id}/claim")
        return result

    def worklist_renew(self, appeal_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.request("POST", f"/worklist/{appeal_id}/renew")
        return result

    def worklist_release(self, appeal_id: int) -> Any:
        return self.request("POST", f"/worklist/{appeal_id}/release")

    def worklist_outcome(self, appeal_id: int, outcome: str, comment: str, *,
                         grade: int | None = None,
                         sip_call_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"outcome": outcome, "comment": comment}
        if grade is not None:
            body["grade"] = grade
        if sip_call_id:
            body["sip_call_id"] = sip_call_id
        result: dict[str, Any] = self.request("POST", f"/worklist/{appeal_id}/outcome",
                                              json=body)
        return result

    def worklist_schedule(self, appeal_id: int, at_iso: str, comment: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "POST", f"/worklist/{appeal_id}/schedule", json={"at": at_iso, "comment": comment})
        return result

    def worklist_decisions(self, **filters: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/worklist/decisions", params=filters)
        return result

    def worklist_decide(self, appeal_id: int, action: str, comment: str) -> dict[str, Any]:
        """A shift lead's decision on an escalated item: retry, rework, close, cancel."""
        result: dict[str, Any] = self.request(
            "POST", f"/worklist/{appeal_id}/decision",
            json={"action": action, "comment": comment})
        return result

    # -- the live board: this desktop's side (API.md "Live board") ---------------------
    def desk_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """One call event {type, sip_call_id, at, remote_number?, direction?}."""
        result: dict[str, Any] = self.request("POST", "/desk/events", json=event)
        return result

    def desk_heartbeat(self) -> dict[str, Any]:
        """I am here; the answer carries the lead's pending force and unread messages."""
        result: dict[str, Any] = self.request("POST", "/desk/heartbeat")
        return result

    def desk_monitor_key(self, sip_user: str) -> dict[str, Any]:
        """Tell the API the SIP user this desktop's phone registers as; the answer's
        key checks a shift lead's listen / whisper / barge token."""
        result: dict[str, Any] = self.request("POST", "/desk/monitor-key",
                                              json={"sip_user": sip_user})
        return result

    def board_monitor(self, username: str, mode: str) -> dict[str, Any]:
        """A token to listen to (whisper to, barge in on) the operator's call, and the
        SIP user the lead's phone calls with it."""
        result: dict[str, Any] = self.request("POST", f"/board/agents/{username}/monitor",
                                              json={"mode": mode})
        return result

    def desk(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/desk")
        return result

    def desk_message_read(self, message_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.request("POST", f"/desk/messages/{message_id}/read")
        return result

    # -- the live board: the shift lead's side ----------------------------------------
    def board_snapshot(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/board")
        return result

    def board_force(self, username: str, action: str, reason: str | None) -> dict[str, Any]:
        """Not ready (with a reason) or log out, applied when their call is over."""
        body: dict[str, Any] = {"action": action}
        if reason:
            body["reason"] = reason
        result: dict[str, Any] = self.request("POST", f"/board/agents/{username}/force",
                                              json=body)
        return result

    def board_cancel_force(self, username: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request("DELETE", f"/board/agents/{username}/force")
        return result

    def board_message(self, text: str, to: str | None) -> dict[str, Any]:
        """To one operator (username) or to everyone (None)."""
        result: dict[str, Any] = self.request("POST", "/board/messages",
                                              json={"to": to, "text": text})
        return result

    def board_messages(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request("GET", "/board/messages")
        return result

    def board_publish_outage(self, body: dict[str, Any]) -> dict[str, Any]:
        """{kind, service, building_id | street | district, ends_at, …} → {outages: […]}."""
        result: dict[str, Any] = self.request("POST", "/board/outages", json=body)
        return result

    # -- ratings (shift leads and admins) ----------------------------------------------
    def ratings(self, report: str, **params: Any) -> dict[str, Any]:
        """report: districts | executors | problems | buildings | missed-terms; params
        the period (period, on, start, end) and the report's own filters."""
        result: dict[str, Any] = self.request("GET", f"/ratings/{report}", params=params)
        return result

    def ratings_export(self, report: str, fmt: str, **params: Any) -> tuple[bytes, str]:
        """The report as a CSV or XLSX file: (content, the file name the API suggests)."""
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        query = {k: v for k, v in {**params, "report": report, "format": fmt}.items()
                 if v is not None}
        try:
            response = self._session().get(f"{self.base_url}{API_PREFIX}/ratings/export",
                                           params=query, headers=headers,
                                           timeout=max(self.timeout, 30))
        except requests.RequestException as exc:
            raise ApiUnavailable(f"{_UNREACHABLE}: немає з'єднання") from exc
        _raise_for_status(response)
        disposition = response.headers.get("Content-Disposition", "")
        name = disposition.partition('filename="')[2].rstrip('"') or f"ratings-{report}.{fmt}"
        return response.content, name
