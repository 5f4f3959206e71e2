"""Survey estimation engine: calibration weights, domain estimates with Taylor SEs, tests, synthetic data.

Pure NumPy/SciPy; no Django imports.  See ``docs/engines/survey.md``.
"""

from .calibration import (
    CalibrationDiagnostics,
    CalibrationResult,
    CalibrationSettings,
    calibrate,
    collapse_age_classes,
    effective_sample_size,
    kish_deff,
)
from .design import DesignError, PreparedDesign, SurveyDesign
from .domains import DomainLevel, city_level, hierarchy_levels
from .estimation import (
    Comparison,
    DomainEstimates,
    EstimationSettings,
    compare_waves,
    estimate_domains,
    with_previous_wave,
)
from .intervals import adjust_pvalues

__all__ = [
    "CalibrationDiagnostics",
    "CalibrationResult",
    "CalibrationSettings",
    "calibrate",
    "collapse_age_classes",
    "compare_waves",
    "effective_sample_size",
    "kish_deff",
    "with_previous_wave",
    "Comparison",
    "DesignError",
    "DomainEstimates",
    "DomainLevel",
    "EstimationSettings",
    "PreparedDesign",
    "SurveyDesign",
    "adjust_pvalues",
    "city_level",
    "estimate_domains",
    "hierarchy_levels",
]
