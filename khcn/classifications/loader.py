"""The national list of S&T fields, from ``data/linh-vuc-nghien-cuu-khcn.json``: read by the data
migration (with the historical models) and by ``scheme_sync`` in the services. No network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "linh-vuc-nghien-cuu-khcn.json"
FIELDS_SCHEME = "linh-vuc-khcn-2008"


def read() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def load(scheme_model: Any, term_model: Any) -> Any:
    """Create or update the scheme and its terms (idempotent: codes are the keys)."""
    data = read()
    info = data["scheme"]
    scheme, _created = scheme_model.objects.update_or_create(
        code=info["code"],
        defaults={"name": info["name"], "name_en": info["name_en"], "source": info["source"]},
    )
    by_code: dict[str, Any] = {}
    for position, row in enumerate(data["terms"], start=1):
        term, _created = term_model.objects.update_or_create(
            scheme=scheme,
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "level": row["level"],
                "ordering": position,
                "parent": by_code.get(row["parent"]) if row.get("parent") else None,
            },
        )
        by_code[row["code"]] = term
    return scheme
