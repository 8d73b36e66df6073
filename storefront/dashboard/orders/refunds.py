"""Placeholder until the view is built."""

from django.http import Http404
from django.views import View


class OrderRefundView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
