"""The weekly digest as a scheduled background job (the same as `sociale-basis news_digest`)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def weekly_digest() -> dict[str, int]:
    run = services.digests_send()
    return {"recipients": run.recipients, "renders": run.renders, "batches": run.batches}
