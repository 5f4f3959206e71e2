"""Writes of the monitor, one module per concern.

* ``indicators``: the catalogue (themes, indicators, revisions);
* ``values``: writing values and aggregating them from neighbourhood to city (shared by every import);
* ``files``: reading uploaded files; ``cbs``, ``registrations``, ``survey``: the three imports;
* ``pull``: figures registered by other modules.

Every import reads and checks the whole file first; problems name file, row and column and nothing is
saved (:class:`~sociale_basis.core.imports.ImportFailed`). Writing is one transaction and idempotent: a
second run of the same file reports everything unchanged. ``dry_run=True`` reports what would change
and rolls back. The names below are the public surface; callers import them from here.
"""

from sociale_basis.areas.population import AGE_CLASSES, SEXES

from .cbs import cbs_import
from .indicators import (
    INDICATOR_FIELDS,
    MEANING_FIELDS,
    indicator_create,
    indicator_update,
    indicator_upsert,
    theme_upsert,
)
from .pull import monitor_pull_sources, pull_recent
from .registrations import registrations_import
from .survey import (
    Microdata,
    survey_estimate,
    survey_import,
    survey_indicators,
    survey_parse,
    survey_population,
    survey_store_wave,
)
from .values import aggregate_rows

__all__ = [
    "AGE_CLASSES",
    "INDICATOR_FIELDS",
    "MEANING_FIELDS",
    "SEXES",
    "Microdata",
    "aggregate_rows",
    "cbs_import",
    "indicator_create",
    "indicator_update",
    "indicator_upsert",
    "monitor_pull_sources",
    "pull_recent",
    "registrations_import",
    "survey_estimate",
    "survey_import",
    "survey_indicators",
    "survey_parse",
    "survey_population",
    "survey_store_wave",
    "theme_upsert",
]
