"""Keep citizens' phones out of logs: access-log lines carry query strings
such as /screen-pop?phone=+380671234567, so the number is masked there."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

from kc1551_common.phones import mask_phone, try_normalize_phone

_PHONE_PARAM = re.compile(r"((?:^|[?&])(?:phone|callback_phone)=)([^&\s]*)")


def mask_query_phones(path: str) -> str:
    def masked(match: re.Match[str]) -> str:
        raw = unquote(match.group(2).replace("+", " ")).strip()
        e164 = try_normalize_phone(raw)
        return match.group(1) + (mask_phone(e164) if e164 else "***")

    return _PHONE_PARAM.sub(masked, path)


class PhoneMaskingFilter(logging.Filter):
    """For uvicorn's access log, whose arguments include the request path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask_query_phones(a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def install_log_masking() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, PhoneMaskingFilter) for f in access.filters):
        access.addFilter(PhoneMaskingFilter())
