"""Background jobs of the monitor (django-tasks: at once in demo and tests, the worker in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def publish_due() -> int:
    """Publish the releases whose set time has come (enqueued for that time; cron runs it too)."""
    from .services.publication import releases_publish_due

    return releases_publish_due()


@task()
def run_job(job_id: int) -> str:
    """Run one import or re-estimation job, recording its progress on the job row."""
    from .services.jobs import job_run

    return job_run(job_id=job_id)
