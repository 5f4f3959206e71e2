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
    REASON_NONE,
    REASON_TOO_FEW,
    Comparison,
    DomainEstimates,
    EstimationSettings,
    WaveData,
    compare_waves,
    estimate_domains,
    overlap_covariance,
    reason_text,
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
    "overlap_covariance",
    "reason_text",
    "REASON_NONE",
    "REASON_TOO_FEW",
    "WaveData",
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
