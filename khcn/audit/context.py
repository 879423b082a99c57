"""Per-request context the audit log reads (request id), kept in a context variable."""

from __future__ import annotations

import contextvars

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("khcn_request_id", default="")
