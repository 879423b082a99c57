"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): the library's
published records for aggregators, with the six verbs, two metadata formats, sets, deleted
records and resumption tokens.

- Records: those ``record_policy`` shows an anonymous reader (published, and withdrawn ones as
  ``<header status="deleted">``: ``deletedRecord`` is ``persistent``). Drafts, submitted and
  returned records never appear. Identifier ``oai:<KHCN_OAI_REPOSITORY_ID>:<pk>``; datestamp
  ``Record.datestamp`` in UTC to the second.
- Formats: ``oai_dc`` (simple Dublin Core, required by the protocol) and ``mods`` (MODS 3.7, the
  Library of Congress schema that libraries' aggregators read: it keeps what Dublin Core
  flattens — the English title as a translated title, authors and organisations as personal and
  corporate names with their role, typed identifiers (DOI, ISBN, ISSN, patent number, task code),
  the ISO 639-2 language code, the access condition).
- Sets: ``collection`` and ``collection:<code>`` (the collections), ``field`` and
  ``field:<code>`` (the classification terms of ``Record.fields``). With ``KHCN_OAI_SETS`` off
  the repository has no sets: ListSets and the ``set`` argument answer ``noSetHierarchy``.
- Lists page by keyset on (datestamp, id), never OFFSET: the token carries the last (datestamp,
  id) sent, so a page costs the same at any depth. Tokens are signed (``django.core.signing``)
  and carry the request's arguments, the cursor, the list size counted at the first page and an
  expiry (``KHCN_OAI_TOKEN_HOURS``); a token altered by hand, expired or from another verb is a
  ``badResumptionToken``.

What a harvest through the tokens guarantees while records change (datestamps only move
forward): every record that exists from the first page to the last is delivered at least once,
in the version current when its page was read; a record changed after it was sent moves behind
the cursor and is sent again with its new datestamp (never the same identifier and datestamp
twice); a record changed before it was sent moves ahead and is sent once, in its new version.
A harvester that then asks ``from=<responseDate of its first page>`` misses nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone
from lxml import etree

from khcn.library.choices import Language, RecordStatus, RecordType
from khcn.library.models import Author, Collection, Record, RecordFile
from khcn.library.permissions import record_policy

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
MODS = "http://www.loc.gov/mods/v3"
TOKEN_SALT = "khcn.library.oai.token"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
# Characters XML 1.0 cannot carry (controls but tab and newlines, the non-characters).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ERRORS = (
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
)
# The arguments of each verb: required, optional; "exclusive" is the resumption token.
VERBS: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {
    "Identify": (frozenset(), frozenset(), False),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), False),
    "ListSets": (frozenset(), frozenset(), True),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), False),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), True),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), True),
}


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        assert code in ERRORS, code
        super().__init__(message)
        self.code = code
        self.message = message


# --- text and dates ---------------------------------------------------------------------------


def text(value: Any) -> str:
    """A value as XML text: NFC (Vietnamese composed), without what XML 1.0 cannot carry."""
    return NOT_XML.sub("", unicodedata.normalize("NFC", str(value)))


def stamp(value: dt.datetime) -> str:
    """A datestamp in UTC to the second: 2026-12-04T01:02:03Z."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now() -> dt.datetime:
    return timezone.now()


def parse_bound(value: str, *, until: bool) -> tuple[dt.datetime, str]:
    """A ``from`` or ``until`` argument as a UTC instant (``until`` inclusive to the end of its
    day or second) and its granularity; anything else is a badArgument."""
    try:
        if DAY.match(value):
            day = dt.date.fromisoformat(value)
            start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            return (start + dt.timedelta(days=1) if until else start), "day"
        if SECOND.match(value):
            start = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            return (start + dt.timedelta(seconds=1) if until else start), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"'{value}' is not a UTC date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ).")


# --- identifiers and sets ---------------------------------------------------------------------


def repository_id() -> str:
    return str(settings.KHCN_OAI_REPOSITORY_ID)


def identifier(pk: int) -> str:
    return f"oai:{repository_id()}:{pk}"


def pk_of(value: str) -> int:
    prefix = f"oai:{repository_id()}:"
    rest = value[len(prefix) :] if value.startswith(prefix) else ""
    if not rest.isascii() or not rest.isdigit() or len(rest) > 18:
        raise OAIError("idDoesNotExist", f"'{value}' is not an identifier of this repository.")
    return int(rest)


def exposed() -> QuerySet[Record]:
    """What harvesters see: what the policy shows an anonymous reader (published and withdrawn)."""
    return record_policy.visible(AnonymousUser(), Record.objects.all(), "view")


def _field_links() -> Any:
    return Record.fields.through.objects


def set_filter(spec: str) -> Q:
    if spec == "collection":
        return Q()
    if spec.startswith("collection:"):
        return Q(collection__code=spec.split(":", 1)[1])
    if spec == "field":
        return Q(pk__in=_field_links().values("record_id"))
    if spec.startswith("field:"):
        return Q(pk__in=_field_links().filter(term__code=spec.split(":", 1)[1]).values("record_id"))
    return Q(pk__in=[])


def sets_of(record: Record) -> list[str]:
    if not settings.KHCN_OAI_SETS:
        return []
    specs = [f"collection:{record.collection.code}"]
    specs += sorted({f"field:{t.code}" for t in record.fields.all() if SET_SPEC.match(f"field:{t.code}")})
    return specs


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set: the two roots, each collection, each field in use."""
    found = [("collection", "Collections"), ("field", "Fields of science and technology")]
    found += [(f"collection:{code}", name) for code, name in Collection.objects.values_list("code", "name")]
    used = _field_links().filter(record__in=exposed()).values("term_id")
    seen: set[str] = set()
    from khcn.classifications.models import Term

    for code, name in Term.objects.filter(pk__in=used).order_by("code", "pk").values_list("code", "name"):
        spec = f"field:{code}"
        if spec not in seen and SET_SPEC.match(spec):
            seen.add(spec)
            found.append((spec, name))
    return found


# --- metadata formats -------------------------------------------------------------------------


def _sub(parent: Any, tag: str, value: Any = None, **attrs: str) -> Any:
    node = etree.SubElement(parent, tag, {k: text(v) for k, v in attrs.items()})
    if value is not None:
        node.text = text(value)
    return node


def record_url(record: Record) -> str:
    return f"{settings.KHCN_SITE_URL}{record.get_absolute_url()}"


DCMI_TYPE = {RecordType.DATASET: "Dataset", RecordType.MAP: "Image"}
MODS_RESOURCE = {RecordType.DATASET: "software, multimedia", RecordType.MAP: "cartographic"}
ISO639_2: dict[str, str] = {Language.VI: "vie", Language.EN: "eng"}


def _identifiers(record: Record) -> list[tuple[str, str]]:
    pairs = [
        ("doi", record.doi),
        ("isbn", record.isbn),
        ("issn", record.issn),
        ("patent number", record.patent_number),
        ("task code", record.task_code),
    ]
    return [(kind, value) for kind, value in pairs if value]


def _issued(record: Record) -> str:
    return record.issued_on.isoformat() if record.issued_on else str(record.issued_year)


def _subjects(record: Record) -> list[str]:
    return [*record.keyword_list, *(f"{t.code} {t.name}" for t in record.fields.all())]


def write_oai_dc(parent: Any, record: Record) -> None:
    dc = etree.SubElement(
        parent,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"},
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
    )
    lang = record.language if record.language in ISO639_2 else None
    _sub(dc, f"{{{DC}}}title", record.title, **({XML_LANG: lang} if lang else {}))
    if record.title_en:
        _sub(dc, f"{{{DC}}}title", record.title_en, **{XML_LANG: "en"})
    for author in record.authors.all():
        _sub(dc, f"{{{DC}}}creator", author.name)
    for subject in _subjects(record):
        _sub(dc, f"{{{DC}}}subject", subject)
    if record.abstract:
        _sub(dc, f"{{{DC}}}description", record.abstract)
    if record.publisher:
        _sub(dc, f"{{{DC}}}publisher", record.publisher)
    for organization in record.organizations.all():
        _sub(dc, f"{{{DC}}}contributor", organization.name)
    _sub(dc, f"{{{DC}}}date", _issued(record))
    _sub(dc, f"{{{DC}}}type", DCMI_TYPE.get(RecordType(record.kind), "Text"))
    _sub(dc, f"{{{DC}}}type", record.kind)
    for mime in sorted({f.kind for f in record.files.all()}):
        _sub(dc, f"{{{DC}}}format", mime)
    _sub(dc, f"{{{DC}}}identifier", record_url(record))
    for kind, value in _identifiers(record):
        _sub(dc, f"{{{DC}}}identifier", f"{kind}:{value}")
    if lang:
        _sub(dc, f"{{{DC}}}language", lang)
    if record.rights:
        _sub(dc, f"{{{DC}}}rights", record.rights)
    _sub(dc, f"{{{DC}}}rights", f"access: {record.access}")


def write_mods(parent: Any, record: Record) -> None:
    mods = etree.SubElement(
        parent,
        f"{{{MODS}}}mods",
        {
            "version": "3.7",
            f"{{{XSI}}}schemaLocation": f"{MODS} http://www.loc.gov/standards/mods/v3/mods-3-7.xsd",
        },
        nsmap={None: MODS, "xsi": XSI},
    )
    m = f"{{{MODS}}}"
    lang = ISO639_2.get(record.language)
    title = _sub(mods, f"{m}titleInfo", **({"lang": lang} if lang else {}))
    _sub(title, f"{m}title", record.title)
    if record.title_en:
        translated = _sub(mods, f"{m}titleInfo", type="translated", lang="eng")
        _sub(translated, f"{m}title", record.title_en)
    for author in record.authors.all():
        name = _sub(mods, f"{m}name", type="personal")
        _sub(name, f"{m}namePart", author.name)
        role = _sub(name, f"{m}role")
        _sub(role, f"{m}roleTerm", "aut", type="code", authority="marcrelator")
    for organization in record.organizations.all():
        name = _sub(mods, f"{m}name", type="corporate")
        _sub(name, f"{m}namePart", organization.name)
    _sub(mods, f"{m}typeOfResource", MODS_RESOURCE.get(RecordType(record.kind), "text"))
    _sub(mods, f"{m}genre", record.kind, authority="local")
    origin = _sub(mods, f"{m}originInfo")
    if record.publisher:
        _sub(origin, f"{m}publisher", record.publisher)
    _sub(origin, f"{m}dateIssued", _issued(record), encoding="w3cdtf", keyDate="yes")
    if lang:
        language = _sub(mods, f"{m}language")
        _sub(language, f"{m}languageTerm", lang, type="code", authority="iso639-2b")
    if record.abstract:
        _sub(mods, f"{m}abstract", record.abstract)
    for keyword in record.keyword_list:
        subject = _sub(mods, f"{m}subject")
        _sub(subject, f"{m}topic", keyword)
    for term in record.fields.all():
        subject = _sub(mods, f"{m}subject", authority=term.scheme.code)
        _sub(subject, f"{m}topic", f"{term.code} {term.name}")
    for kind, value in _identifiers(record):
        _sub(mods, f"{m}identifier", value, type=kind)
    _sub(mods, f"{m}identifier", record_url(record), type="uri")
    location = _sub(mods, f"{m}location")
    _sub(location, f"{m}url", record_url(record), usage="primary display")
    if record.rights:
        _sub(mods, f"{m}accessCondition", record.rights, type="use and reproduction")
    _sub(mods, f"{m}accessCondition", record.access, type="restriction on access")
    info = _sub(mods, f"{m}recordInfo")
    _sub(info, f"{m}recordIdentifier", identifier(record.pk))
    _sub(info, f"{m}recordChangeDate", stamp(record.datestamp), encoding="iso8601")


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    write: Callable[[Any, Record], None]


FORMATS = {
    f.prefix: f
    for f in (
        Format("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC, write_oai_dc),
        Format("mods", "http://www.loc.gov/standards/mods/v3/mods-3-7.xsd", MODS, write_mods),
    )
}


# --- resumption tokens ------------------------------------------------------------------------


@dataclass
class ListArgs:
    """The arguments of a list request, and where its next page starts."""

    verb: str
    prefix: str
    from_: str = ""
    until: str = ""
    set: str = ""
    after: tuple[dt.datetime, int] | None = None
    cursor: int = 0
    size: int = 0
    echo: dict[str, str] = field(default_factory=dict)


def make_token(
    args: ListArgs, after: tuple[dt.datetime, int], cursor: int, size: int
) -> tuple[str, dt.datetime]:
    """A signed token for the page after ``after`` (datestamp, id); with its expiry."""
    expires = (_now() + dt.timedelta(hours=float(settings.KHCN_OAI_TOKEN_HOURS))).replace(microsecond=0)
    payload = {
        "v": args.verb,
        "p": args.prefix,
        "f": args.from_,
        "u": args.until,
        "s": args.set,
        "a": [after[0].astimezone(dt.UTC).isoformat(), after[1]],
        "c": cursor,
        "n": size,
        "e": int(expires.timestamp()),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True), expires


def read_token(verb: str, token: str) -> ListArgs:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        expires = dt.datetime.fromtimestamp(int(data["e"]), tz=dt.UTC)
        after = (dt.datetime.fromisoformat(data["a"][0]), int(data["a"][1]))
        args = ListArgs(
            verb=str(data["v"]),
            prefix=str(data["p"]),
            from_=str(data["f"]),
            until=str(data["u"]),
            set=str(data["s"]),
            after=after,
            cursor=int(data["c"]),
            size=int(data["n"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError) as exc:
        raise OAIError(
            "badResumptionToken", "The resumption token is not one this repository issued."
        ) from exc
    if expires < _now():
        raise OAIError("badResumptionToken", "The resumption token has expired: start the list again.")
    if args.verb != verb:
        raise OAIError("badResumptionToken", f"The resumption token belongs to {args.verb}, not {verb}.")
    return args


# --- the protocol -----------------------------------------------------------------------------


def _single(params: dict[str, list[str]]) -> dict[str, str]:
    repeated = sorted(k for k, values in params.items() if len(values) != 1)
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {', '.join(repeated)}.")
    return {k: values[0] for k, values in params.items()}


def _check_arguments(verb: str, args: dict[str, str]) -> None:
    required, optional, resumable = VERBS[verb]
    given = set(args)
    if resumable and "resumptionToken" in given:
        if given != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return
    illegal = given - required - optional
    if illegal:
        raise OAIError("badArgument", f"Illegal argument for {verb}: {', '.join(sorted(illegal))}.")
    missing = required - given
    if missing:
        raise OAIError("badArgument", f"Missing argument for {verb}: {', '.join(sorted(missing))}.")
    if "metadataPrefix" in args and not PREFIX.match(args["metadataPrefix"]):
        raise OAIError("badArgument", "metadataPrefix has characters the protocol does not allow.")
    if "set" in args and not SET_SPEC.match(args["set"]):
        raise OAIError("badArgument", "set is not a setSpec.")


@dataclass
class Answer:
    """What a verb answers: the request's echoed arguments and the verb's element."""

    echo: dict[str, str]
    body: Any


def respond(params: dict[str, list[str]], base_url: str) -> bytes:
    """The XML answer to an OAI-PMH request (GET query or POST form, as lists of values)."""
    root = etree.Element(
        f"{{{OAI}}}OAI-PMH",
        {f"{{{XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"},
        nsmap={None: OAI, "xsi": XSI},
    )
    _sub(root, f"{{{OAI}}}responseDate", stamp(_now()))
    request = _sub(root, f"{{{OAI}}}request", base_url)
    try:
        verbs = params.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            raise OAIError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
        verb = verbs[0]
        args = _single({k: v for k, v in params.items() if k != "verb"})
        _check_arguments(verb, args)
        echo = {"verb": verb, **args}
        for key, value in echo.items():
            request.set(key, text(value))
        body = etree.SubElement(root, f"{{{OAI}}}{verb}")
        HANDLERS[verb](body, args)
    except OAIError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request.attrib.clear()
        for child in list(root)[2:]:
            root.remove(child)
        _sub(root, f"{{{OAI}}}error", exc.message, code=exc.code)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _identify(body: Any, args: dict[str, str]) -> None:
    earliest = exposed().aggregate(first=Min("datestamp"))["first"]
    _sub(body, f"{{{OAI}}}repositoryName", settings.KHCN_SITE_NAME)
    _sub(body, f"{{{OAI}}}baseURL", body.getparent().find(f"{{{OAI}}}request").text)
    _sub(body, f"{{{OAI}}}protocolVersion", "2.0")
    _sub(body, f"{{{OAI}}}adminEmail", settings.KHCN_OAI_ADMIN_EMAIL)
    _sub(body, f"{{{OAI}}}earliestDatestamp", stamp(earliest or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))
    _sub(body, f"{{{OAI}}}deletedRecord", "persistent")
    _sub(body, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")


def _formats(body: Any, args: dict[str, str]) -> None:
    if "identifier" in args:
        record = exposed().filter(pk=pk_of(args["identifier"])).first()
        if record is None:
            raise OAIError("idDoesNotExist", f"No record {args['identifier']}.")
        if record.status == RecordStatus.WITHDRAWN:
            raise OAIError("noMetadataFormats", "The record was withdrawn: its metadata are no longer given.")
    for f in FORMATS.values():
        node = _sub(body, f"{{{OAI}}}metadataFormat")
        _sub(node, f"{{{OAI}}}metadataPrefix", f.prefix)
        _sub(node, f"{{{OAI}}}schema", f.schema)
        _sub(node, f"{{{OAI}}}metadataNamespace", f.namespace)


def _list_sets(body: Any, args: dict[str, str]) -> None:
    if not settings.KHCN_OAI_SETS:
        raise OAIError("noSetHierarchy", "This repository does not support sets.")
    if "resumptionToken" in args:  # this repository never splits the list of sets
        raise OAIError("badResumptionToken", "The list of sets is never split: no token is valid.")
    for spec, name in all_sets():
        node = _sub(body, f"{{{OAI}}}set")
        _sub(node, f"{{{OAI}}}setSpec", spec)
        _sub(node, f"{{{OAI}}}setName", name)


def _with_details(qs: QuerySet[Record]) -> QuerySet[Record]:
    from khcn.classifications.models import Term

    return qs.select_related("collection").prefetch_related(
        Prefetch("authors", queryset=Author.objects.order_by("position")),
        Prefetch("fields", queryset=Term.objects.select_related("scheme").order_by("code")),
        "organizations",
        Prefetch("files", queryset=RecordFile.objects.only("pk", "record_id", "kind")),
    )


def _header(parent: Any, record: Record) -> None:
    header = _sub(parent, f"{{{OAI}}}header")
    if record.status == RecordStatus.WITHDRAWN:
        header.set("status", "deleted")
    _sub(header, f"{{{OAI}}}identifier", identifier(record.pk))
    _sub(header, f"{{{OAI}}}datestamp", stamp(record.datestamp))
    for spec in sets_of(record):
        _sub(header, f"{{{OAI}}}setSpec", spec)


def _record(parent: Any, record: Record, fmt: Format) -> None:
    node = _sub(parent, f"{{{OAI}}}record")
    _header(node, record)
    if record.status != RecordStatus.WITHDRAWN:
        fmt.write(_sub(node, f"{{{OAI}}}metadata"), record)


def _format(prefix: str) -> Format:
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"This repository does not give '{prefix}'.")
    return FORMATS[prefix]


def _get_record(body: Any, args: dict[str, str]) -> None:
    pk = pk_of(args["identifier"])
    fmt = _format(args["metadataPrefix"])
    record = _with_details(exposed()).filter(pk=pk).first()
    if record is None:
        raise OAIError("idDoesNotExist", f"No record {args['identifier']}.")
    _record(body, record, fmt)


def list_queryset(args: ListArgs) -> QuerySet[Record]:
    """The records a list selects, in harvest order, from its cursor on."""
    qs = exposed()
    if args.from_:
        qs = qs.filter(datestamp__gte=parse_bound(args.from_, until=False)[0])
    if args.until:
        qs = qs.filter(datestamp__lt=parse_bound(args.until, until=True)[0])
    if args.set:
        qs = qs.filter(set_filter(args.set))
    if args.after is not None:
        stamp_, pk = args.after
        # (datestamp, id) > (stamp_, pk), written so that the datestamp index bounds the scan.
        qs = qs.filter(datestamp__gte=stamp_).filter(Q(datestamp__gt=stamp_) | Q(id__gt=pk))
    return qs.order_by("datestamp", "id")


def _list_args(verb: str, args: dict[str, str]) -> ListArgs:
    if "resumptionToken" in args:
        return read_token(verb, args["resumptionToken"])
    listed = ListArgs(
        verb=verb,
        prefix=args["metadataPrefix"],
        from_=args.get("from", ""),
        until=args.get("until", ""),
        set=args.get("set", ""),
    )
    bounds = {}
    if listed.from_:
        bounds["from"] = parse_bound(listed.from_, until=False)
    if listed.until:
        bounds["until"] = parse_bound(listed.until, until=True)
    if len(bounds) == 2:
        (start, first), (end, second) = bounds["from"], bounds["until"]
        if first != second:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if start >= end:
            raise OAIError("badArgument", "from is later than until.")
    _format(listed.prefix)
    if listed.set and not settings.KHCN_OAI_SETS:
        raise OAIError("noSetHierarchy", "This repository does not support sets.")
    return listed


def _list(body: Any, args: dict[str, str], *, records: bool) -> None:
    verb = "ListRecords" if records else "ListIdentifiers"
    listed = _list_args(verb, args)
    fmt = _format(listed.prefix)
    page_size = int(settings.KHCN_OAI_PAGE_SIZE)
    qs = list_queryset(listed)
    size = listed.size
    if listed.after is None:
        size = qs.count()
    qs = _with_details(qs) if records else qs.select_related("collection").prefetch_related("fields")
    page = list(qs[: page_size + 1])
    if not page:
        if listed.after is None:
            raise OAIError("noRecordsMatch", "No record matches the arguments.")
        raise OAIError("badResumptionToken", "The list this token continues has no more records.")
    more = len(page) > page_size
    page = page[:page_size]
    for record in page:
        if records:
            _record(body, record, fmt)
        else:
            _header(body, record)
    if more or listed.after is not None:
        cursor = listed.cursor + len(page)
        size = max(size, cursor + (1 if more else 0))
        node = _sub(body, f"{{{OAI}}}resumptionToken", completeListSize=str(size), cursor=str(listed.cursor))
        if more:
            last = page[-1]
            token, expires = make_token(listed, (last.datestamp, last.pk), cursor, size)
            node.text = token
            node.set("expirationDate", stamp(expires))


HANDLERS: dict[str, Callable[[Any, dict[str, str]], None]] = {
    "Identify": _identify,
    "ListMetadataFormats": _formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda body, args: _list(body, args, records=False),
    "ListRecords": lambda body, args: _list(body, args, records=True),
}


def params_of(pairs: Iterable[tuple[str, list[str]]]) -> dict[str, list[str]]:
    return {key: list(values) for key, values in pairs}
