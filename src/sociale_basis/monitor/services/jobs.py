"""Background jobs: an import (with re-estimation for a survey wave) runs in the worker, and the page
shows its progress. The uploaded file is kept on the job row until the job has run."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.areas.models import AreaSet
from sociale_basis.core.imports import ImportFailed

from ..models import JobState, MonitorJob
from .publication import release_create

log = logging.getLogger(__name__)


def _discard_failed(release: Any) -> None:
    """Remove what a failed job wrote (a survey wave is stored before its figures) and its release."""
    from ..models import IndicatorValue, SurveyWave, WaveChange

    IndicatorValue.objects.filter(release=release, published=False).delete()
    WaveChange.objects.filter(release=release, published=False).delete()
    SurveyWave.objects.filter(release=release, published=False).delete()
    release.delete()


def job_create(
    *,
    kind: str,
    filename: str,
    content: bytes,
    year: int,
    period: int | None,
    dry_run: bool,
    user: Any = None,
) -> MonitorJob:
    """Queue an import; without a dry run its figures become a draft release to publish later."""
    from ..imports import IMPORT_KINDS

    spec = IMPORT_KINDS[kind]
    label = f"{spec.label}: {Path(filename).name}"
    release = None
    if not dry_run:
        release = release_create(
            label=label, kind=kind, area_set=AreaSet.objects.filter(year=year).first(), user=user
        )
    job = MonitorJob.objects.create(
        kind=kind,
        label=label,
        params={
            "filename": Path(filename).name,
            "year": year,
            "period": period,
            "dry_run": dry_run,
        },
        upload=content,
        release=release,
        created_by=user if getattr(user, "pk", None) else None,
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _progress(job_id: int) -> Any:
    def report(step: str, done: int, total: int) -> None:
        MonitorJob.objects.filter(pk=job_id).update(step=step[:200], done=done, total=total)

    return report


def job_run(*, job_id: int) -> str:
    """Run the job's import; its progress and result are written to the job row as it goes."""
    from ..imports import IMPORT_KINDS

    job = MonitorJob.objects.filter(pk=job_id).select_related("release").first()
    if job is None or job.state != JobState.QUEUED:
        return "skipped"
    MonitorJob.objects.filter(pk=job_id).update(state=JobState.RUNNING, started_at=timezone.now())
    params = job.params
    spec = IMPORT_KINDS[job.kind]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / params["filename"]
            path.write_bytes(bytes(job.upload or b""))
            report = spec.run(
                path=path,
                year=params["year"],
                period=params.get("period"),
                dry_run=params["dry_run"],
                release=job.release,
                progress=_progress(job_id),
            )
    except Exception as exc:  # noqa: BLE001 - a job never stays "running": every failure is shown
        if isinstance(exc, ImportFailed):
            problems = [str(p) for p in exc.problems]
        else:
            log.exception("monitor job %s failed", job_id)
            problems = [
                _(
                    "%(file)s: the import stopped with an unexpected error (%(error)s); nothing has "
                    "been saved. The administrators can find the details in the log."
                )
                % {"file": params["filename"], "error": type(exc).__name__}
            ]
        MonitorJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED, problems=problems, finished_at=timezone.now(), upload=None
        )
        if job.release is not None:
            _discard_failed(job.release)
        return "failed"
    text = "\n".join([str(report), *report.changes])
    MonitorJob.objects.filter(pk=job_id).update(
        state=JobState.DONE,
        result=text,
        step=_("done"),
        done=1,
        total=1,
        finished_at=timezone.now(),
        upload=None,
    )
    if job.release is not None:
        job.release.report = text
        job.release.save(update_fields=["report"])
    return "done"


@task()
def run_job(job_id: int) -> str:
    """The background task: run one import or re-estimation job (``monitor.tasks`` re-exports it)."""
    return job_run(job_id=job_id)
