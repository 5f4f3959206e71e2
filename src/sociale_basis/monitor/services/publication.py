"""Publication: an import writes drafts in a release; a researcher publishes it, now or at a set time.

The public pages, downloads and API read published rows only (``published=True``). Publishing a
release replaces, per figure, the published row by the release's draft in one transaction, marks the
waves and definition versions of the release as published, and records who published it and when.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import AreaSet

from .. import workflow
from ..models import (
    IndicatorRevision,
    IndicatorValue,
    Release,
    ReleaseState,
    SurveyWave,
    WaveChange,
)


def release_create(
    *, label: str, kind: str, area_set: AreaSet | None = None, user: object = None
) -> Release:
    return Release.objects.create(
        label=label,
        kind=kind,
        area_set=area_set,
        created_by=_user(user),
    )


def _user(user: object) -> User | None:
    """The acting user, or None for an anonymous one or a command run without a user."""
    return user if isinstance(user, User) and user.pk else None


def _move(release: Release, target: str) -> None:
    workflow.check_release(release.state, target)
    release.state = target


@transaction.atomic
def release_publish(*, release: Release, user: object = None) -> Release:
    """Make the release's drafts the published figures (one transaction)."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    _move(release, ReleaseState.PUBLISHED)
    for model, key in (
        (IndicatorValue, ("indicator_id", "area_id", "period")),
        (WaveChange, ("indicator_id", "area_id", "base_period", "period")),
    ):
        drafts = list(model.objects.filter(release=release, published=False).values_list(*key))
        if drafts:
            # Delete the published rows these drafts replace, in chunks of one indicator each.
            by_first: dict[int, list[tuple[int, ...]]] = {}
            for row in drafts:
                by_first.setdefault(row[0], []).append(row)
            for first, rows in by_first.items():
                published = model.objects.filter(
                    published=True, **{key[0]: first, f"{key[1]}__in": {r[1] for r in rows}}
                ).values_list("pk", *key[1:])
                wanted = {r[1:] for r in rows}
                doomed = [pk for pk, *rest in published if tuple(rest) in wanted]
                for i in range(0, len(doomed), 500):
                    model.objects.filter(pk__in=doomed[i : i + 500]).delete()
            model.objects.filter(release=release, published=False).update(published=True)
    now = timezone.now()
    SurveyWave.objects.filter(release=release).update(published=True)
    IndicatorRevision.objects.filter(release=release, published_at__isnull=True).update(
        published_at=now
    )
    # Definitions the published figures were computed under are public from now on.
    IndicatorRevision.objects.filter(
        published_at__isnull=True,
        pk__in=IndicatorValue.objects.filter(release=release).values("revision_id"),
    ).update(published_at=now)
    release.published_at = now
    release.published_by = _user(user)
    release.save()
    return release


@transaction.atomic
def release_schedule(*, release: Release, publish_at: datetime, user: object = None) -> Release:
    """Publish the release at ``publish_at`` (a job does it then; ``monitor_publish_due`` too)."""
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": _("Choose a moment in the future.")})
    _move(release, ReleaseState.SCHEDULED)
    release.publish_at = publish_at
    release.save()
    transaction.on_commit(lambda: _enqueue_at(publish_due, publish_at))
    return release


def _enqueue_at(task: object, when: datetime) -> None:
    try:
        task.using(run_after=when).enqueue()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a backend without deferred jobs: the cron command publishes it
        return


@transaction.atomic
def release_unschedule(*, release: Release) -> Release:
    _move(release, ReleaseState.DRAFT)
    release.publish_at = None
    release.save()
    return release


@transaction.atomic
def release_discard(*, release: Release) -> Release:
    """Throw the drafts away; the published figures stay as they are."""
    _move(release, ReleaseState.DISCARDED)
    IndicatorValue.objects.filter(release=release, published=False).delete()
    WaveChange.objects.filter(release=release, published=False).delete()
    SurveyWave.objects.filter(release=release, published=False).delete()
    release.save()
    return release


def releases_publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled release whose time has come; returns how many."""
    now = now or timezone.now()
    count = 0
    for release in Release.objects.filter(state=ReleaseState.SCHEDULED, publish_at__lte=now):
        release_publish(release=release, user=release.created_by)
        count += 1
    return count


@task()
def publish_due() -> int:
    """The background task: publish the releases whose set time has come (enqueued for that time by
    ``release_schedule``; ``monitor_publish_due`` runs the same from cron)."""
    return releases_publish_due()
