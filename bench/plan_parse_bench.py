#!/usr/bin/env python
"""Plan parser speed: parse time of the seed plan and of a 200-page plan, OCR time per page.

    .venv/bin/python bench/plan_parse_bench.py [--repeat 11] [--pages 200] [--ocr-pages 3] [--json OUT]

Times, on this machine, in one process (issue 14):

1. ``parse_text`` of the seed (``khcn/plans/fixtures/ke-hoach-kl50-ca-mau.txt``): median of
   ``--repeat`` runs after warm-ups.
2. A ``--pages``-page plan built here from the seed's own text, no randomness: its heading block
   and purpose part, then rounds of a content part (the seed's part II), a task-table part (pipe
   rows whose content, agencies and deadlines come from the seed) and an organisation part (the
   seed's part IV), parts numbered I, II, III… and top-level items renumbered 1, 2, 3… in each
   part, until the text is that many pages (a page is ``PAGE_CHARS`` characters). Its parse
   time as text, and the same plan written to a .docx (python-docx, the tables as Word tables):
   ``read_file`` time and the parse time of the text read, separately.
3. The ratio of the big plan's parse time to the seed's, and milliseconds per page of each
   (the seed's pages counted the same way): equal ms/page means parsing scales linearly.
4. OCR: ``--ocr-pages`` A4 pages of the seed's paragraphs drawn at 300 dpi with Pillow (DejaVu
   Sans) into an image-only PDF, read by ``read_source`` (Tesseract ``vie``, page by page):
   seconds per page and pages per second. Skipped, with a line saying why, when Tesseract with
   the Vietnamese model (or the font) is missing.

No database: the parser is pure Python (Django is set up for its settings and translations only).
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import ROOT, timed, write_results

SEED = ROOT / "khcn" / "plans" / "fixtures" / "ke-hoach-kl50-ca-mau.txt"
PAGE_CHARS = 3000  # characters in a page of a typed plan (A4, 13-14 pt)

PART_RE = re.compile(r"^(?P<label>[IVXLC]+)\.\s+(?P<heading>\S.*)$")
ITEM_RE = re.compile(r"^(?P<number>\d+)\.\s+(?P<rest>\S.*)$")
TABLE_HEADER = "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |"
DEADLINES = (
    "Quý I/2025",
    "Quý II/2025",
    "Hằng năm",
    "trước ngày 30/9/2025",
    "Giai đoạn 2025-2027",
    "Năm 2026",
    "Thường xuyên",
    "Quý IV/2026",
)
TABLE_ROWS = 10  # rows of each task table


# --------------------------------------------------------------------------------------------------
# The plans
# --------------------------------------------------------------------------------------------------


def pages_of(text: str) -> float:
    return len(text) / PAGE_CHARS


def seed_parts(seed: str) -> tuple[list[str], dict[str, tuple[str, list[str]]]]:
    """The seed's heading block (the lines before part I) and its parts by Roman label:
    (heading, body lines)."""
    lines = seed.strip("\n").split("\n")
    head: list[str] = []
    parts: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in lines:
        m = PART_RE.match(line.strip())
        if m is not None:
            current = m.group("label")
            parts[current] = (m.group("heading"), [])
        elif current is None:
            head.append(line)
        else:
            parts[current][1].append(line)
    assert {"I", "II", "IV"} <= set(parts), sorted(parts)
    return head, parts


def renumbered(lines: list[str]) -> list[str]:
    """The top-level items of a part numbered 1, 2, 3… (the seed has two items 9. in part IV)."""
    out = []
    number = 0
    for line in lines:
        m = ITEM_RE.match(line)
        if m is not None:
            number += 1
            line = f"{number}. {m.group('rest')}"
        out.append(line)
    return out


def first_sentence(text: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;: ")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;: ")
    return sentence


def task_rows(parts: dict[str, tuple[str, list[str]]]) -> tuple[list[str], list[str]]:
    """Contents of task rows (the first sentence of each paragraph of the seed's content part)
    and agencies (the headings of its organisation part's items)."""
    contents = [
        first_sentence(line.strip())
        for line in parts["II"][1]
        if line.strip() and not ITEM_RE.match(line) and not re.match(r"^[a-zđ]\.\s", line)
    ]
    agencies = [m.group("rest").strip() for line in parts["IV"][1] if (m := ITEM_RE.match(line))]
    return contents, agencies


def big_plan(seed: str, pages: int) -> str:
    """A plan of about ``pages`` pages made of the seed's text (see the module's docstring)."""
    head, parts = seed_parts(seed)
    contents, agencies = task_rows(parts)
    out = list(head)
    number = 0

    def part(heading: str, body: list[str]) -> None:
        nonlocal number
        number += 1
        out.append(f"{_roman(number)}. {heading}")
        out.extend(body)

    part(parts["I"][0], parts["I"][1])
    target = pages * PAGE_CHARS

    def size() -> int:
        return sum(len(line) + 1 for line in out)

    row = 0
    while size() < target:
        part(parts["II"][0], renumbered(parts["II"][1]))
        table = [TABLE_HEADER]
        for stt in range(1, TABLE_ROWS + 1):
            lead = agencies[row % len(agencies)]
            partners = "; ".join(agencies[(row + k) % len(agencies)] for k in (1, 2))
            table.append(
                f"| {stt} | {contents[row % len(contents)]} | {lead} | {partners} "
                f"| {DEADLINES[row % len(DEADLINES)]} |"
            )
            row += 1
        part("NHIỆM VỤ CỤ THỂ", table)
        if size() >= target:
            break
        part(parts["IV"][0], renumbered(parts["IV"][1]))
    return "\n".join(out) + "\n"


def _roman(number: int) -> str:
    from khcn.core.text import roman

    return roman(number)


def plan_docx(text: str) -> bytes:
    """The plan as a .docx: a paragraph per line, each run of pipe lines a Word table."""
    import docx

    document = docx.Document()
    lines = text.rstrip("\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("|"):
            document.add_paragraph(line)
            index += 1
            continue
        rows = []
        while index < len(lines) and lines[index].startswith("|"):
            rows.append([cell.strip() for cell in lines[index].strip().strip("|").split("|")])
            index += 1
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for word_row, cells in zip(table.rows, rows, strict=True):
            for cell, value in zip(word_row.cells, cells, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def found(result: Any) -> dict[str, int]:
    """What the parser found: sections (all levels), parts, task-table rows, assignments, warnings."""
    sections = result.all_sections()
    return {
        "sections": len(sections),
        "parts": len(result.sections),
        "table_rows": sum(1 for s in sections if s.source == "table_row"),
        "assignments": len(result.assignments),
        "warnings": len(result.warnings),
    }


# --------------------------------------------------------------------------------------------------
# OCR
# --------------------------------------------------------------------------------------------------


def scan_pages(seed: str, count: int, per_page: int = 45, width: int = 68) -> list[list[str]]:
    """``count`` pages of ``per_page`` lines of ``width`` characters: the seed's paragraphs
    (from part I on), wrapped."""
    _head, parts = seed_parts(seed)
    paragraphs = [line for _label, (_h, body) in sorted(parts.items()) for line in body if line.strip()]
    wrapped = [piece for paragraph in paragraphs for piece in textwrap.wrap(paragraph, width)]
    needed = count * per_page
    while len(wrapped) < needed:
        wrapped += wrapped
    return [wrapped[n * per_page : (n + 1) * per_page] for n in range(count)]


def word_match(drawn: str, read: str) -> float:
    """The share of the drawn words the OCR text has in the same order (difflib matching blocks)."""
    a, b = drawn.split(), read.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(a), 1)


def measure_ocr(seed: str, count: int, repeat: int) -> dict[str, Any] | None:
    from khcn.core import ocr
    from khcn.plans.parser import read_source

    binary, reason = ocr.ocr_available()
    if binary is None:
        print(f"\nOCR: skipped. {reason}")
        return None
    from khcn.core.testing import scanned_pdf, vietnamese_font

    if vietnamese_font() is None:
        print("\nOCR: skipped. No DejaVu Sans font to draw Vietnamese text with.")
        return None
    pages = scan_pages(seed, count)
    pdf = scanned_pdf(pages)
    warm = scanned_pdf(pages[:1])
    read_source(warm, "warm-up.pdf")  # loads the vie model into the page cache
    samples = []
    source = None
    for _ in range(repeat):
        start = time.perf_counter()
        source = read_source(pdf, "scan.pdf")
        samples.append(time.perf_counter() - start)
    assert source is not None and source.ocr_pages == count, source
    median = sorted(samples)[len(samples) // 2]
    drawn = "\n".join(line for page in pages for line in page)
    return {
        "pages": count,
        "runs": repeat,
        "pdf_kb": round(len(pdf) / 1024, 1),
        "chars_drawn": len(drawn),
        "chars_read": len(source.text),
        "word_match": round(word_match(drawn, source.text), 3),
        "median_s": round(median, 3),
        "s_per_page": round(median / count, 3),
        "pages_per_s": round(count / median, 3),
        "tesseract": binary,
    }


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


def time_row(fn: Callable[[], Any], repeat: int, warmup: int, pages: float) -> dict[str, Any]:
    row = timed(fn, repeat, warmup=warmup)
    row["pages"] = round(pages, 2)
    row["ms_per_page"] = round(row["median_ms"] / pages, 3) if pages else None
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=11, help="timed runs of each parse (median)")
    parser.add_argument("--pages", type=int, default=200, help="pages of the big plan")
    parser.add_argument("--ocr-pages", type=int, default=3, help="pages of the scanned PDF (0: no OCR)")
    parser.add_argument("--ocr-repeat", type=int, default=1, help="timed OCR runs of the scanned PDF")
    parser.add_argument("--json", default=None, help="write the figures as JSON here")
    args = parser.parse_args()

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from khcn.plans.parser import parse_text, read_file

    seed = SEED.read_text(encoding="utf-8")
    big = big_plan(seed, args.pages)
    start = time.perf_counter()
    docx_bytes = plan_docx(big)
    docx_build_s = time.perf_counter() - start
    docx_text = read_file(docx_bytes, "ke-hoach-200-trang.docx")

    documents = {"seed": seed, "big plan (text)": big, "big plan (read from .docx)": docx_text}
    print(f"Plan parser, {args.repeat} timed runs each (median); a page is {PAGE_CHARS:,} characters")
    print(f"\n{'document':<30}{'chars':>10}{'lines':>8}{'pages':>8}{'sections':>10}{'parts':>7}"
          f"{'rows':>6}{'assign.':>9}{'warn.':>7}")  # fmt: skip
    shapes: dict[str, dict[str, Any]] = {}
    for label, text in documents.items():
        shape = {"chars": len(text), "lines": text.count("\n") + 1, "pages": round(pages_of(text), 2)}
        shape.update(found(parse_text(text)))
        shapes[label] = shape
        print(
            f"{label:<30}{shape['chars']:>10,}{shape['lines']:>8,}{shape['pages']:>8.1f}{shape['sections']:>10,}"
            f"{shape['parts']:>7}{shape['table_rows']:>6}{shape['assignments']:>9,}{shape['warnings']:>7,}"
        )
    print(f".docx: {len(docx_bytes) / 1024:,.0f} KB, built in {docx_build_s:.2f} s (not timed below)")

    big_warmup = 1
    rows = {
        "parse seed": time_row(lambda: parse_text(seed), args.repeat, 3, pages_of(seed)),
        "parse big plan (text)": time_row(lambda: parse_text(big), args.repeat, big_warmup, pages_of(big)),
        "read_file big plan (.docx)": time_row(
            lambda: read_file(docx_bytes, "ke-hoach.docx"), args.repeat, big_warmup, pages_of(docx_text)
        ),
        "parse big plan (.docx text)": time_row(
            lambda: parse_text(docx_text), args.repeat, big_warmup, pages_of(docx_text)
        ),
    }
    base = rows["parse seed"]["median_ms"]
    print(f"\n{'':<30}{'median ms':>11}{'p95 ms':>10}{'min ms':>10}{'pages':>8}{'ms/page':>9}{'× seed':>8}")
    for label, row in rows.items():
        row["ratio_to_seed"] = round(row["median_ms"] / base, 2)
        print(
            f"{label:<30}{row['median_ms']:>11.1f}{row['p95_ms']:>10.1f}{row['min_ms']:>10.1f}"
            f"{row['pages']:>8.1f}{row['ms_per_page']:>9.2f}{row['ratio_to_seed']:>8}"
        )
    seed_row, big_row = rows["parse seed"], rows["parse big plan (text)"]
    size_ratio = big_row["pages"] / seed_row["pages"]
    time_ratio = big_row["median_ms"] / seed_row["median_ms"]
    per_page = big_row["ms_per_page"] / seed_row["ms_per_page"]
    print(
        f"\nbig plan ÷ seed: {size_ratio:.1f}× the pages, {time_ratio:.1f}× the parse time; "
        f"ms/page {big_row['ms_per_page']:.2f} vs {seed_row['ms_per_page']:.2f} "
        f"({per_page:.2f}×; 1.00× is linear)"
    )
    read_row, docx_row = rows["read_file big plan (.docx)"], rows["parse big plan (.docx text)"]
    docx_total = read_row["median_ms"] + docx_row["median_ms"]
    print(f".docx read + parse: {docx_total / 1000:.2f} s for {read_row['pages']:.0f} pages")

    ocr_row = measure_ocr(seed, args.ocr_pages, args.ocr_repeat) if args.ocr_pages > 0 else None
    if ocr_row is not None:
        print(
            f"\nOCR (read_source, Tesseract vie, A4 at 300 dpi, {ocr_row['pdf_kb']:,.0f} KB PDF): "
            f"{ocr_row['pages']} pages in {ocr_row['median_s']:.2f} s (median of {ocr_row['runs']}) — "
            f"{ocr_row['s_per_page']:.2f} s/page, {ocr_row['pages_per_s']:.2f} pages/s"
        )
        print(
            f"    {ocr_row['chars_drawn']:,} characters drawn, {ocr_row['chars_read']:,} read; "
            f"{ocr_row['word_match'] * 100:.1f}% of the drawn words read back in order"
        )
    elif args.ocr_pages <= 0:
        print("\nOCR: not measured (--ocr-pages 0).")

    if args.json:
        write_results(
            Path(args.json).resolve(),
            {
                "page_chars": PAGE_CHARS,
                "repeat": args.repeat,
                "documents": shapes,
                "timings": rows,
                "big_over_seed": {
                    "pages": round(size_ratio, 2),
                    "parse_time": round(time_ratio, 2),
                    "ms_per_page": round(per_page, 2),
                },
                "ocr": ocr_row,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
