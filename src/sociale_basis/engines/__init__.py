"""Pure computational engines (no Django imports): pb, survey, matching."""
