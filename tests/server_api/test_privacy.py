from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from server_api.privacy import PhoneMaskingFilter, mask_query_phones


def test_query_phones_are_masked() -> None:
    assert mask_query_phones("/api/v1/screen-pop?phone=%2B380671234567") == (
        "/api/v1/screen-pop?phone=+38067*****67")
    assert mask_query_phones("/api/v1/appeals?status=closed&phone=0441234567&page=2") == (
        "/api/v1/appeals?status=closed&phone=+38044*****67&page=2")
    assert mask_query_phones("/api/v1/screen-pop?phone=garbage") == (
        "/api/v1/screen-pop?phone=***")
    assert mask_query_phones("/api/v1/appeals?page=2") == "/api/v1/appeals?page=2"


def test_access_log_record_is_masked() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/api/v1/screen-pop?phone=0671234567",
                                "1.1", 200), None)
    assert PhoneMaskingFilter().filter(record)
    assert "0671234567" not in record.getMessage()
    assert "+38067*****67" in record.getMessage()


# In a process of its own: the global tracer provider can be set only once.
_TRACED_REQUEST = """
import contextlib, json, sys
from opentelemetry import trace
from opentelemetry.trace import INVALID_SPAN_CONTEXT, NonRecordingSpan, Tracer, TracerProvider

spans = []

class RecordingTracer(Tracer):
    def start_span(self, name, context=None, kind=None, attributes=None, *args, **kwargs):
        spans.append({"name": name, **{k: str(v) for k, v in (attributes or {}).items()}})
        return NonRecordingSpan(INVALID_SPAN_CONTEXT)

    @contextlib.contextmanager
    def start_as_current_span(self, name, *args, **kwargs):
        with trace.use_span(self.start_span(name, *args, **kwargs)) as span:
            yield span

class RecordingProvider(TracerProvider):
    def get_tracer(self, *args, **kwargs):
        return RecordingTracer()

trace.set_tracer_provider(RecordingProvider())  # as an APM agent in the process would
from fastapi.testclient import TestClient
from server_api.app import create_app

with TestClient(create_app(sys.argv[1])) as client:
    status = client.get("/api/v1/screen-pop", params={"phone": "0671234567"}).status_code
print(json.dumps({"status": status, "spans": spans}))
"""


def test_no_request_is_traced_into_the_process_telemetry(tmp_path: Path) -> None:
    """FastAPI traces requests into any OpenTelemetry provider the process has, the
    query (a citizen's phone) included: the API turns that off."""
    done = subprocess.run(
        [sys.executable, "-c", _TRACED_REQUEST, f"sqlite:///{tmp_path / 'api.db'}"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 401  # the request was served, unauthenticated
    assert answer["spans"] == []
