"""Usage of the library counted by the COUNTER rules (Code of Practice, Release 5):

- a view of a published record's page is an *Investigation*, a download of one of its files a
  *Request* (``Usage.VIEW`` / ``Usage.DOWNLOAD``);
- double-click filtering: the same item (the record's page, or one file) opened again by the
  same visitor within 30 seconds counts once. As COUNTER asks, the later click is the one kept
  (the row's time moves to it), so a run of clicks each within 30 seconds of the last counts once;
- robots and crawlers are left out by their user agent (``ROBOT_PATTERNS``, after COUNTER's
  robots list; an empty user agent is a robot too);
- the visitor is a hash (HMAC-SHA256 keyed with ``SECRET_KEY``) of the session, or, without
  one, of the address and the user agent: neither the address nor the session is stored.

Only published records are counted (a curator reading a draft is not usage). Counting is not
audited: it changes no domain data and would flood the history. Two requests racing within the
same instant may both be counted (the check is not a constraint: COUNTER's window is a time
span, which no unique constraint expresses); the report's figures are usage, not accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from khcn.library.choices import RecordStatus
from khcn.library.models import Record, RecordFile, Usage

DOUBLE_CLICK = dt.timedelta(seconds=30)

# User agents of robots, crawlers, harvesters and scripts (regular expressions, case-insensitive),
# after COUNTER's robots list (github.com/atmire/COUNTER-Robots), kept short: generic words first,
# then named agents that carry none of them.
ROBOT_PATTERNS: tuple[str, ...] = (
    r"bot\b",
    r"bot[/_-]",
    r"spider",
    r"crawl",
    r"slurp",
    r"archiver",
    r"harvest",
    r"scrap",
    r"fetch",
    r"scan",
    r"index",
    r"validator",
    r"checker",
    r"link.?check",
    r"monitor",
    r"preview",
    r"headless",
    r"phantomjs",
    r"lighthouse",
    r"^java/",
    r"python",
    r"^curl/",
    r"libcurl",
    r"wget",
    r"httpclient",
    r"http.?client",
    r"okhttp",
    r"axios",
    r"node-fetch",
    r"go-http-client",
    r"^ruby",
    r"perl",
    r"libwww",
    r"lwp",
    r"^php",
    r"httrack",
    r"webcopier",
    r"webzip",
    r"teleport",
    r"offline",
    r"nutch",
    r"heritrix",
    r"lockss",
    r"baidu",
    r"yandex",
    r"sogou",
    r"bingpreview",
    r"mediapartners-google",
    r"google-",
    r"feedburner",
    r"facebookexternalhit",
    r"embedly",
    r"ia_archiver",
    r"sickle",
    r"oai.?pmh",
    r"^mozilla/?\d?(\.\d)?$",
    r"^\W*$",
)
ROBOTS = re.compile("|".join(f"(?:{p})" for p in ROBOT_PATTERNS), re.IGNORECASE)


def is_robot(user_agent: str) -> bool:
    """Whether ``user_agent`` is a robot's (an empty one is)."""
    return not user_agent.strip() or ROBOTS.search(user_agent) is not None


def visitor_of(request: Any) -> str:
    """The visitor's hash: of the session when the request has one, else of the client's
    address and user agent."""
    from khcn.accounts.throttling import client_ip

    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if key:
        basis = f"session:{key}"
    else:
        agent = request.META.get("HTTP_USER_AGENT", "")
        basis = f"address:{client_ip(request) or ''}|{agent}"
    secret = f"khcn.library.usage|{settings.SECRET_KEY}".encode()
    return hmac.new(secret, basis.encode(), hashlib.sha256).hexdigest()


def month_of(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date().replace(day=1)


@transaction.atomic
def usage_count(
    request: Any,
    record: Record,
    file: RecordFile | None = None,
    kind: str = Usage.VIEW,
    *,
    now: dt.datetime | None = None,
) -> bool:
    """Count one view of ``record``'s page (or one download of ``file``): True when counted,
    False when left out (a robot, a repeated click, a record not published, not a GET)."""
    if kind not in (Usage.VIEW, Usage.DOWNLOAD):
        raise ValueError(f"unknown usage kind {kind!r}")
    if request.method != "GET" or record.status != RecordStatus.PUBLISHED:
        return False
    if is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    at = now or timezone.now()
    visitor = visitor_of(request)
    recent = (
        Usage.objects.select_for_update()
        .filter(record=record, file=file, kind=kind, visitor=visitor, at__gte=at - DOUBLE_CLICK)
        .order_by("-at")
        .first()
    )
    if recent is not None:  # a double click: the later one is kept
        Usage.objects.filter(pk=recent.pk).update(at=max(at, recent.at), month=month_of(max(at, recent.at)))
        return False
    Usage.objects.create(record=record, file=file, kind=kind, month=month_of(at), visitor=visitor, at=at)
    return True
