"""Score the plan parser on its corpus of real documents, per kind.

    .venv/bin/python bench/plan_corpus_score.py [--verbose] [--kind KIND] [--json OUT]

Prints one row per kind (documents, provinces, facts, sections F1, assignments precision and
recall, deadlines; in brackets how many annotated assignments and deadlines a figure rests on)
and the whole corpus; ``--verbose`` lists each document's differences.
What the figures mean: ``khcn/plans/parser/scoring.py``; the corpus and its annotation format:
``khcn/plans/tests/corpus/README.md``. Not a timing: no database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "khcn" / "plans" / "tests" / "corpus"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _cases(value: float | None, cases: int) -> str:
    return f"{_fmt(value)} ({cases})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--kind", default=None)
    parser.add_argument("--json", default=None, help="write the table as JSON here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from khcn.plans.parser.scoring import Score, load_corpus, score_corpus

    documents = [d for d in load_corpus(CORPUS) if args.kind in (None, d.kind)]
    table = score_corpus(documents)
    provinces: dict[str, set[str]] = {}
    for document in documents:
        provinces.setdefault(document.kind, set()).add(document.source.get("province", "?"))
    header = (
        f"{'kind':<20}{'docs':>5}{'prov.':>6}{'facts':>7}{'sections':>9}"
        f"{'assign P':>9}{'assign R':>15}{'deadlines':>15}"
    )
    print(header)
    print("-" * len(header))
    overall = Score()
    rows = {}
    for kind, (total, each) in sorted(table.items()):
        overall.add(total)
        rows[kind] = total
        print(
            f"{kind:<20}{total.documents:>5}{len(provinces[kind]):>6}{_fmt(total.facts):>7}{_fmt(total.sections):>9}"
            f"{_fmt(total.precision):>9}{_cases(total.recall, total.assignments_expected):>15}"
            f"{_cases(total.deadlines, total.deadlines_total):>15}"
        )
        if args.verbose:
            for name, score in each.items():
                if score.problems:
                    print(f"    {name}:")
                    for problem in score.problems:
                        print(f"      - {problem}")
    every_province = set().union(*provinces.values()) if provinces else set()
    print("-" * len(header))
    print(
        f"{'all':<20}{overall.documents:>5}{len(every_province):>6}{_fmt(overall.facts):>7}{_fmt(overall.sections):>9}"
        f"{_fmt(overall.precision):>9}{_cases(overall.recall, overall.assignments_expected):>15}"
        f"{_cases(overall.deadlines, overall.deadlines_total):>15}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    kind: {
                        "documents": s.documents,
                        "facts": s.facts,
                        "sections": s.sections,
                        "precision": s.precision,
                        "recall": s.recall,
                        "deadlines": s.deadlines,
                        "assignments_annotated": s.assignments_expected,
                        "deadlines_annotated": s.deadlines_total,
                    }
                    for kind, s in rows.items()
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
