from __future__ import annotations

import logging

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
