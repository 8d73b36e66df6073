"""The CMS listens to the catalogue: cached figures follow what may be sold."""

from .figures import forget_programme_figures


def clear_programme_figures(sender, **kwargs):
    forget_programme_figures()
