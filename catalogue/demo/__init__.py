"""Demo data for a believable Vietnamese OCOP catalogue.

Tables of places, specialties and producers, and generators that turn them
into registry records (the registry contract's shape) which ``seed.py``
applies through the same sync service as production. The project's
``seed_demo`` command (``storefront/demo.py``) composes this with the
showrooms' and the pages' own demo modules.
Everything is derived from a fixed seed and today's date, so a run is
reproducible and a second run on the same day changes nothing.
"""
