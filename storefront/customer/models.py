"""Oscar's customer models, unchanged (the app is forked for its forms and views)."""

from oscar.apps.customer.models import *  # noqa: F401,F403
