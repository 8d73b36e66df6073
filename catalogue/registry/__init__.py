"""Mirroring the OCOP certificate registry: validation, upsert, and the three ways in."""
