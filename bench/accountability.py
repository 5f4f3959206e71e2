#!/usr/bin/env python3
"""Accountability benchmark: building and exporting the budget and annual-report chapters.

Runs in-process on a fresh SQLite file: the seed demo (programme 4) plus a synthetic policy field with
many indicators and a grants register of several thousand grants, then prints median and p95 for
  - building a chapter (table with all values, texts) for the seed chapter and a 40-indicator chapter,
  - rendering it as PDF (fpdf2, DejaVu), DOCX (python-docx) and XLSX (openpyxl),
  - the published chapter web page and the grants register page (Django test client, whole request),
  - filling 200 computed indicators from a registered source.
Goals: a chapter page under 100 ms at p95; a PDF under 500 ms at p95.

    python bench/accountability.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-accountability-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sociale_basis.conf.ci"
    os.environ["SB_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    call_command("migrate", verbosity=0)
    from sociale_basis.accountability import demo, exports, registry, selectors, services, workflow
    from sociale_basis.accountability.models import (
        DocumentKind,
        Grant,
        IndicatorValue,
        Organisation,
        SourceKind,
        ValueKind,
        ValueOrigin,
        ValueStatus,
    )

    translation.activate("nl")
    demo.load(io.StringIO())
    programme = selectors.programme_list().get(number="4")
    big = services.policy_field_create(
        programme=programme, code="4.9.9", name="Synthetisch beleidsveld"
    )
    registry.register_indicator_source("bench.count", "Benchmarkbron", lambda year: year % 97)
    for i in range(200):
        indicator = services.indicator_create(
            policy_field=big,
            name=f"Synthetische indicator {i + 1} met een naam zo lang als in de begroting",
            source_kind=SourceKind.MODULE if i % 2 else SourceKind.MANUAL,
            source_key="bench.count" if i % 2 else "",
            source_description="" if i % 2 else "Registratie",
            in_documents=i < 40,
            order=i,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator, year=year, kind=kind, status=ValueStatus.NUMBER,
                number=i + year, origin=ValueOrigin.MANUAL,
            )
            for year in range(2015, 2021)
            for kind in (ValueKind.ACHIEVED, ValueKind.BUDGETED, ValueKind.TARGET)
        )  # fmt: skip
    chapter = services.chapter_create(policy_field=big, kind=DocumentKind.ANNUAL_REPORT, year=2019)
    services.chapter_save_texts(
        chapter=chapter,
        intro="Inleiding. " * 80,
        goals="Doelen. " * 60,
        activities="\n".join(f"- Activiteit {i}" for i in range(30)),
        conclusion="Conclusie. " * 60,
    )
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT)
    services.chapter_transition(chapter=chapter, action=workflow.PUBLISH)
    organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(500)]
    Grant.objects.bulk_create(
        Grant(
            organisation=organisations[i % 500], policy_field=big, year=2015 + i % 6, purpose="Doel",
            amount=1000 + i, decision=f"B{i}", account="6.4", is_demo=True,
        )
        for i in range(5000)
    )  # fmt: skip

    seed = selectors.chapter_get(code="4.1.1", kind=DocumentKind.ANNUAL_REPORT, year=2018)
    rows: list[tuple[str, float, float]] = []

    def run(label: str, fn: Callable[[], object], repeat: int = args.repeat) -> None:
        median, p95 = measure(fn, repeat)
        rows.append((label, median, p95))

    chapter = selectors.chapter_get(code="4.9.9", kind=DocumentKind.ANNUAL_REPORT, year=2019)
    for name, ch in [
        ("seed 4.1.1 jaarverslag 2018", seed),
        ("40 indicatoren x 3 kolommen", chapter),
    ]:
        doc = selectors.chapter_document(ch)
        assert doc is not None
        run(f"{name}: build (published)", lambda ch=ch: selectors.chapter_document(ch))
        run(
            f"{name}: build (draft, live values)",
            lambda ch=ch: selectors.chapter_document(ch, draft=True),
        )
        run(f"{name}: PDF", lambda doc=doc: exports.chapter_pdf(doc))
        run(f"{name}: DOCX", lambda doc=doc: exports.chapter_docx(doc))
        run(f"{name}: XLSX", lambda doc=doc: exports.chapter_xlsx(doc))
    client = Client()
    for label, url in [
        ("page: seed chapter", "/verantwoording/4.1.1/jaarverslag/2018/"),
        ("page: 40-indicator chapter", "/verantwoording/4.9.9/jaarverslag/2019/"),
        (
            "page: PDF download (seed, cached after the first)",
            "/verantwoording/4.1.1/jaarverslag/2018/bestand.pdf",
        ),
        ("page: grants register 2019 (833 grants)", "/verantwoording/subsidies/?jaar=2019"),
        ("page: policy field (200 indicators)", "/verantwoording/4.9.9/"),
    ]:
        assert client.get(url).status_code == 200, url

        def get(url: str = url) -> None:
            client.get(url)

        run(label, get)
    run("refresh 100 computed indicators", lambda: services.indicator_values_refresh(year=2020), 10)

    print(f"{'what':58} {'median ms':>10} {'p95 ms':>10}")
    for label, median, p95 in rows:
        print(f"{label:58} {median:10.1f} {p95:10.1f}")
    print(f"\nrepeat={args.repeat}; cpu count={os.cpu_count()}; load={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
