"""The wijkkompas: each indicator of an area against the city (state) and its change against the city's
change (development), on one scale where the city is 100, drawn as an accessible SVG ring.

Classes (state): registrations by how far the index lies from 100 (5 and 15 points); survey figures
only when the engine found the area significantly different from the rest of the city (after the
Benjamini-Hochberg correction), otherwise "not significantly different" whatever the index. Neutral
indicators (composition, e.g. age groups) are never called better or worse.

Development: index = 100 x (area now / area at the base) / (city now / city at the base): above 100
means the area rose more than the city. Survey cells are coloured only when the area's own change
between the two waves is significant: the change between any two waves is tested (``WaveChange``,
BH within level, indicator and pair of waves); a cell whose change could not be tested says "not
tested" and why, never "not significant". Registrations whose boundary changed are not compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.models import Area, Level

from . import reasons, selectors
from .models import Indicator, IndicatorValue, Kind, Polarity
from .reasons import reason_label

CLASSES: dict[str, str | Promise] = {
    "much_better": _("much better than the city"),
    "better": _("better than the city"),
    "similar": _("about the same as the city"),
    "not_significant": _("not significantly different (survey)"),
    "worse": _("worse than the city"),
    "much_worse": _("much worse than the city"),
    "neutral": _("composition: no better or worse"),
    "missing": _("no figure"),
}
DEV_CLASSES: dict[str, str | Promise] = {
    "much_better": _("developed much better than the city"),
    "better": _("developed better than the city"),
    "similar": _("developed like the city"),
    "not_significant": _("change not significant (survey)"),
    "not_tested": _("change not tested (survey)"),
    "worse": _("developed worse than the city"),
    "much_worse": _("developed much worse than the city"),
    "neutral": _("composition: no better or worse"),
    "missing": _("no comparison possible"),
}
SMALL, LARGE = 5.0, 15.0


def _fmt(value: float) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def _fmt0(value: float) -> str:
    return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@dataclass
class Cell:
    indicator: Indicator
    period: int | None
    value: float | None
    lower: float | None
    upper: float | None
    n: int | None
    reason: str
    city_value: float | None
    index: float | None
    css: str
    label: str | Promise
    base_period: int | None = None
    base_value: float | None = None
    significant: bool | None = None
    synthetic: bool = False
    #: Development of a survey figure: the test of the change (None = not tested, see test_reason).
    change: int | None = None
    p_value: float | None = None
    test_reason: str = ""
    # geometry, filled by ring()
    path: str = ""
    text_x: float = 0.0
    text_y: float = 0.0

    @property
    def anchor(self) -> str:
        return f"ind-{self.indicator.key}"

    @property
    def missing(self) -> bool:
        return self.index is None

    @property
    def index_text(self) -> str:
        """The index as plain text for the SVG (never markup): '–' when there is none."""
        return "\u2013" if self.index is None else _fmt0(self.index)

    @property
    def reason_text(self) -> str:
        return reason_label(self.reason)

    @property
    def test_text(self) -> str:
        """The test of a survey change in words: its outcome, or why it was not tested."""
        if self.test_reason:
            return reason_label(self.test_reason)
        if self.change is None:
            return ""
        words = {
            1: _("significant increase"),
            -1: _("significant decrease"),
            0: _("no significant change"),
        }
        return str(words[self.change])

    def describe(self) -> str:
        """What a screen reader (and the tooltip) says for the cell: value, interval, index, class."""
        unit = self.indicator.unit
        if self.value is None:
            figure = str(
                _("not shown: %(reason)s") % {"reason": self.reason_text or _("no figure")}
            )
        else:
            figure = _fmt(self.value) + (unit if unit == "%" else (" " + unit if unit else ""))
            if self.lower is not None and self.upper is not None:
                figure += " " + str(
                    _("(95%% interval %(lower)s to %(upper)s)")
                    % {"lower": _fmt(self.lower), "upper": _fmt(self.upper)}
                )
        index = (
            ""
            if self.index is None
            else str(_("city = 100: %(index)s") % {"index": _fmt0(self.index)})
        )
        parts = [
            f"{self.indicator.name} ({self.period})" if self.period else str(self.indicator.name),
            figure,
        ]
        if index:
            parts.append(index)
        parts.append(str(self.label))
        if self.test_text:
            parts.append(self.test_text)
        return "; ".join(parts)


@dataclass
class ThemeSector:
    name: str
    path: str
    label_x: float
    label_y: float
    anchor: str
    text_anchor: str = "middle"
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Compass:
    area: Area
    kind: str  # "state" or "development"
    cells: list[Cell]
    sectors: list[ThemeSector]
    size: int
    legend: list[tuple[str, str | Promise]]
    period: int | None = None
    base: int | None = None

    @property
    def trend_query(self) -> str:
        """The indicator page's query that draws this area's trend against the city's."""
        key = LEVEL_KEYS.get(self.area.level)
        query = f"niveau={key}&gebied={self.area.code}" if key else ""
        area_set = self.area.area_set
        if not area_set.is_current:  # an earlier division: stay in it
            query = "&".join(q for q in (f"jaar={area_set.year}", query) if q)
        return query


#: The indicator page's level parameter per area level (the city is on every trend already).
LEVEL_KEYS: dict[str, str] = {
    Level.NEIGHBOURHOOD: "buurt",
    Level.DISTRICT: "wijk",
    Level.AREA: "gebied",
}


def _direction(index: float, polarity: str) -> int:
    """+1 better, -1 worse for an index deviation, by polarity."""
    sign = 1 if index > 100 else -1
    return sign if polarity == Polarity.HIGHER_BETTER else -sign


def _grade(index: float, polarity: str) -> str:
    gap = abs(index - 100)
    if gap < SMALL:
        return "similar"
    better = _direction(index, polarity) > 0
    if gap >= LARGE:
        return "much_better" if better else "much_worse"
    return "better" if better else "worse"


def _pick(values: dict[int, IndicatorValue], period: int | None) -> IndicatorValue | None:
    ok = [p for p in values if period is None or p <= period]
    return values[max(ok)] if ok else None


def _load(
    area: Area, data: selectors.AreaValues | None
) -> tuple[list[Indicator], selectors.AreaValues]:
    if data is not None:
        return data.indicators, data
    indicators = selectors.compass_indicators()
    return indicators, selectors.area_values(area=area, indicators=indicators)


def state_cells(
    *, area: Area, period: int | None = None, data: selectors.AreaValues | None = None
) -> list[Cell]:
    """State compass: each indicator's latest value (up to `period`) against the city's of that period."""
    indicators, data = _load(area, data)
    cells = []
    for ind in indicators:
        own = _pick(data.own.get(ind.pk, {}), period)
        city = data.city_values.get(ind.pk, {}).get(own.period) if own else None
        cells.append(
            _state_cell(ind, own, city, is_city=data.city is not None and area.pk == data.city.pk)
        )
    return cells


def _state_cell(
    ind: Indicator, own: IndicatorValue | None, city: IndicatorValue | None, *, is_city: bool
) -> Cell:
    value = own.value if own and not own.suppressed else None
    city_value = city.value if city and not city.suppressed else None
    index = 100 * value / city_value if value is not None and city_value else None
    significant = None
    if own is None or value is None or index is None:
        css = "missing"
    elif ind.polarity == Polarity.NEUTRAL:
        css = "neutral"
    elif is_city:
        css = "similar"
    elif ind.kind == Kind.SURVEY:
        significant = bool(own.vs_rest)
        css = _grade(index, ind.polarity) if significant else "not_significant"
        if significant and css == "similar":
            css = "better" if _direction(index, ind.polarity) > 0 else "worse"
    else:
        css = _grade(index, ind.polarity)
    return Cell(
        indicator=ind,
        period=own.period if own else None,
        value=value,
        lower=own.lower if own and value is not None else None,
        upper=own.upper if own and value is not None else None,
        n=own.n if own else None,
        reason=(own.reason if own else reasons.NO_FIGURE),
        city_value=city_value,
        index=index,
        css=css,
        label=CLASSES[css],
        significant=significant,
        synthetic=bool(own and own.synthetic and value is not None),
    )


def development_cells(
    *,
    area: Area,
    base: int | None = None,
    period: int | None = None,
    data: selectors.AreaValues | None = None,
) -> list[Cell]:
    """Development compass: change from `base` to `period` (default: first and last period) vs the city."""
    indicators, data = _load(area, data)
    cells = []
    pairs = set()
    for ind in indicators:
        if ind.kind == Kind.SURVEY:
            own_p = sorted(data.own.get(ind.pk, {}))
            now_p = max((p for p in own_p if period is None or p <= period), default=None)
            base_p = base if base in own_p else (min(own_p) if own_p and base is None else None)
            if now_p is not None and base_p is not None and base_p < now_p:
                pairs.add((base_p, now_p))
    tests = selectors.wave_changes(area=area, pairs=pairs)
    for ind in indicators:
        own = data.own.get(ind.pk, {})
        city = data.city_values.get(ind.pk, {})
        periods = sorted(own)
        now_p = max((p for p in periods if period is None or p <= period), default=None)
        base_p = base if base in own else (min(periods) if periods and base is None else None)
        cell = Cell(
            ind, now_p, None, None, None, None, "", None, None, "missing", DEV_CLASSES["missing"]
        )
        if now_p is None or base_p is None or base_p >= now_p:
            cell.reason = reasons.NEEDS_TWO_PERIODS
            cells.append(cell)
            continue
        a0, a1, c0, c1 = own.get(base_p), own.get(now_p), city.get(base_p), city.get(now_p)
        # Synthetic when either figure shown in the row (the base or the latest) is.
        cell.base_period = base_p
        cell.synthetic = any(v is not None and v.synthetic and not v.suppressed for v in (a0, a1))
        nums = [v.value if v and not v.suppressed else None for v in (a0, a1, c0, c1)]
        cell.base_value, cell.value = nums[0], nums[1]
        if a1 is not None:
            cell.lower, cell.upper, cell.n = (
                (a1.lower, a1.upper, a1.n) if nums[1] is not None else (None, None, a1.n)
            )
        if any(v is None or v == 0 for v in nums):
            cell.reason = reasons.NOT_KNOWN_IN_A_PERIOD
            cells.append(cell)
            continue
        if a1 and a1.boundary_changed:
            cell.reason = reasons.BOUNDARY_CHANGED
            cells.append(cell)
            continue
        a_0, a_1, c_0, c_1 = (float(v) for v in nums)  # type: ignore[arg-type]
        cell.city_value = c_1
        cell.index = 100 * (a_1 / a_0) / (c_1 / c_0)
        is_city = area.pk == (data.city.pk if data.city else None)
        if ind.kind == Kind.SURVEY:
            test = tests.get((ind.pk, base_p, now_p))
            if test is None or test.result is None:
                cell.test_reason = test.reason if test else reasons.TEST_NOT_COMPUTED
            else:
                cell.change, cell.p_value = test.result, test.p_adjusted
                cell.significant = test.result != 0
        if ind.polarity == Polarity.NEUTRAL:
            css = "neutral"
        elif is_city:
            css = "similar"  # the city develops like the city; its own change is in the table
        elif ind.kind == Kind.SURVEY:
            if cell.change is None:
                css = "not_tested"
            elif not cell.significant:
                css = "not_significant"
            else:
                css = _grade(cell.index, ind.polarity)
                if css == "similar":
                    css = "better" if _direction(cell.index, ind.polarity) > 0 else "worse"
        else:
            css = _grade(cell.index, ind.polarity)
        cell.css, cell.label = css, DEV_CLASSES[css]
        cells.append(cell)
    return cells


# ---------------------------------------------------------------------------------------------
# Geometry of the ring

SIZE = 640
CENTRE = SIZE / 2
R_INNER, R_OUTER, R_THEME = 95.0, 230.0, 262.0


def _point(r: float, angle: float) -> tuple[float, float]:
    # angle in radians, 0 at the top, clockwise
    return CENTRE + r * math.sin(angle), CENTRE - r * math.cos(angle)


def _sector(r0: float, r1: float, a0: float, a1: float) -> str:
    large = 1 if a1 - a0 > math.pi else 0
    x0, y0 = _point(r1, a0)
    x1, y1 = _point(r1, a1)
    x2, y2 = _point(r0, a1)
    x3, y3 = _point(r0, a0)
    return (
        f"M{x0:.1f},{y0:.1f}A{r1:.0f},{r1:.0f} 0 {large} 1 {x1:.1f},{y1:.1f}"
        f"L{x2:.1f},{y2:.1f}A{r0:.0f},{r0:.0f} 0 {large} 0 {x3:.1f},{y3:.1f}Z"
    )


def ring(cells: list[Cell]) -> list[ThemeSector]:
    """Lay the cells out: one sector per theme, one cell per indicator, in catalogue order."""
    n = len(cells)
    if not n:
        return []
    step = 2 * math.pi / n
    sectors: list[ThemeSector] = []
    for i, cell in enumerate(cells):
        a0, a1 = i * step, (i + 1) * step
        cell.path = _sector(R_INNER, R_OUTER, a0 + 0.004, a1 - 0.004)
        cell.text_x, cell.text_y = _point((R_INNER + R_OUTER) / 2, (a0 + a1) / 2)
        theme = cell.indicator.theme
        if not sectors or sectors[-1].anchor != f"theme-{theme.key}":
            sectors.append(ThemeSector(theme.name, "", 0, 0, f"theme-{theme.key}"))
        sectors[-1].cells.append(cell)
    start = 0
    for sector in sectors:
        count = len(sector.cells)
        a0, a1 = start * step, (start + count) * step
        sector.path = _sector(R_OUTER + 4, R_THEME, a0 + 0.01, a1 - 0.01)
        sector.label_x, sector.label_y = _point(R_THEME + 10, (a0 + a1) / 2)
        if sector.label_x > CENTRE + 10:
            sector.text_anchor = "start"
        elif sector.label_x < CENTRE - 10:
            sector.text_anchor = "end"
        if sector.label_y > CENTRE:
            sector.label_y += 10
        start += count
    return sectors


def build(
    *,
    area: Area,
    kind: str = "state",
    period: int | None = None,
    base: int | None = None,
    data: selectors.AreaValues | None = None,
) -> Compass:
    """One compass; pass `data` (selectors.area_values) to build both compasses from one query."""
    cells = (
        state_cells(area=area, period=period, data=data)
        if kind == "state"
        else development_cells(area=area, base=base, period=period, data=data)
    )
    classes = CLASSES if kind == "state" else DEV_CLASSES
    used = {c.css for c in cells}
    return Compass(
        area=area,
        kind=kind,
        cells=cells,
        sectors=ring(cells),
        size=SIZE,
        legend=[(k, v) for k, v in classes.items() if k in used],
        period=period,
        base=base,
    )


def shows_synthetic(*compasses: Compass) -> bool:
    """Whether any figure these compasses show comes from synthetic data (the page then says so)."""
    return any(c.synthetic for comp in compasses for c in comp.cells)


def cell_rows(compass: Compass) -> list[dict[str, Any]]:
    """The compass as plain rows (table, downloads, API)."""
    rows = []
    for c in compass.cells:
        rows.append(
            {
                "area": compass.area.code,
                "area_name": compass.area.name,
                "compass": compass.kind,
                "theme": c.indicator.theme.name,
                "indicator": c.indicator.key,
                "indicator_name": c.indicator.name,
                "unit": c.indicator.unit,
                "kind": c.indicator.kind,
                "polarity": c.indicator.polarity,
                "base_period": c.base_period,
                "base_value": c.base_value,
                "period": c.period,
                "value": c.value,
                "lower": c.lower,
                "upper": c.upper,
                "n": c.n,
                "city_value": c.city_value,
                "index": None if c.index is None else round(c.index, 1),
                "class": c.css,
                "class_label": str(c.label),
                "significant": c.significant,
                "reason": c.reason_text if c.value is None or c.index is None else "",
                "test": c.test_text,
                "p_adjusted": c.p_value,
                "synthetic": c.synthetic,
                "url": reverse("monitor:indicator", args=[c.indicator.key]),
            }
        )
    return rows
