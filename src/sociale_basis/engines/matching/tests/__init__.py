"""Tests of the matching engine."""
