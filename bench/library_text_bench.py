#!/usr/bin/env python
"""Library text extraction throughput: files read per second, as the background task reads
them (``khcn.library.extract.extract``), on this machine.

    .venv/bin/python bench/library_text_bench.py [--files 40] [--pages 5] [--scanned 3]

Generates, with a fixed random seed, PDFs with a text layer (``--pages`` pages of Vietnamese-
looking prose transliterated to Latin-1, as the hand-written PDFs of the tests carry) and DOCX
files of the same text (paragraphs plus a table), ``--files`` of each; and, when Tesseract with
the Vietnamese model is installed, ``--scanned`` one-page scanned PDFs (an image of Vietnamese
text, no text layer) read by OCR. Reads each file once after a warm-up, in one process, and
prints files per second, pages per second and the median time per file for each kind. No
database: extraction only (the task's storage read and row update are not timed).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from harness import ROOT, django_setup

WORDS = (  # noqa: SIM905
    "nghiên cứu ứng dụng mô hình nuôi tôm càng xanh rừng ngập mặn xâm nhập mặn lúa chịu mặn tỉnh Cà Mau "
    "biến đổi khí hậu nước biển dâng kết quả đánh giá giải pháp quy trình kỹ thuật sản xuất thử nghiệm"
).split()


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
    )


def _page(rng: random.Random, lines: int = 40) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(lines)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="PDF and DOCX files of each kind")
    parser.add_argument("--pages", type=int, default=5, help="pages of each file")
    parser.add_argument("--scanned", type=int, default=3, help="scanned one-page PDFs (OCR)")
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="khcn-bench-library-") as tmp:
        django_setup(database_url=f"sqlite:///{tmp}/bench.sqlite3", var_dir=Path(tmp))
        sys.path.insert(0, str(ROOT))
        from khcn.library import extract
        from khcn.library.tests import samples

        rng = random.Random(args.seed)
        pages = [[_page(rng) for _p in range(args.pages)] for _f in range(args.files)]
        pdfs = [samples.text_pdf([[_ascii(line) for line in page] for page in doc]) for doc in pages]
        docxs = [
            samples.docx_bytes(
                [line for page in doc for line in page], table=[["Năm", "Nhiệt độ"], ["2024", "27,5"]]
            )
            for doc in pages
        ]
        kinds: list[tuple[str, str, list[bytes], int]] = [
            ("pdf", "PDF (text layer)", pdfs, args.pages),
            ("docx", "DOCX", docxs, args.pages),
        ]
        if extract.ocr_available()[0] is not None and args.scanned > 0:
            lines = [" ".join(rng.choice(WORDS) for _ in range(6)) for _ in range(12)]
            scans = [samples.scanned_pdf(lines) for _ in range(args.scanned)]
            kinds.append(("pdf", "PDF scanned (OCR, vie)", scans, 1))
        else:
            print("Tesseract with the Vietnamese model is not installed: no OCR figures.")

        print(f"Text extraction, {args.files} files × {args.pages} pages (seed {args.seed})")
        print(f"{'kind':<26}{'files':>6}{'files/s':>10}{'pages/s':>10}{'median ms':>11}{'MB':>8}")
        for code, label, files, n_pages in kinds:
            extract.extract(files[0], code)  # warm-up (imports, caches)
            times = []
            for data in files:
                start = time.perf_counter()
                got = extract.extract(data, code)
                times.append(time.perf_counter() - start)
                assert got.text, (label, got)
            total = sum(times)
            size = sum(len(f) for f in files) / 1024 / 1024
            print(
                f"{label:<26}{len(files):>6}{len(files) / total:>10.1f}{len(files) * n_pages / total:>10.1f}"
                f"{statistics.median(times) * 1000:>11.1f}{size:>8.2f}"
            )


if __name__ == "__main__":
    main()
