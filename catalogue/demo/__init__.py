"""Demo data for a believable Vietnamese OCOP catalogue.

Tables of places, specialties, producers and showrooms, and generators that
turn them into registry records (the registry contract's shape) which the
``seed_demo`` command applies through the same sync service as production.
Everything is derived from a fixed seed and today's date, so a run is
reproducible and a second run on the same day changes nothing.
"""
