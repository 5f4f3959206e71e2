"""Sociale Basis: a platform for the social base of neighbourhoods and villages."""

__version__ = "0.1.0"
