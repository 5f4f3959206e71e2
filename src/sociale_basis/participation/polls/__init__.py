"""Polls and needs surveys."""
