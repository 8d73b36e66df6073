"""Oscar's partner screens, editing the showroom profile and its hours.

Only the create and manage views change; Oscar's others (list, delete, users)
are loaded from Oscar by its class loader.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.partners.views import *  # noqa: F401,F403 (Oscar's other views)

from shops.models import Partner
from shops.services import showroom_set_hours

from .forms import OpeningPeriodFormSet, ShowroomForm


class _ShowroomFormMixin:
    model = Partner
    form_class = ShowroomForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "hours" not in ctx:
            ctx["hours"] = OpeningPeriodFormSet(instance=getattr(self, "object", None))
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if kwargs.get("pk") else None
        form = self.get_form()
        hours = OpeningPeriodFormSet(request.POST, instance=self.object, prefix="opening_periods")
        if form.is_valid() and hours.is_valid():
            with transaction.atomic():
                self.object = form.save()
                showroom_set_hours(partner=self.object, periods=hours.periods)
            messages.success(request, _("Đã lưu điểm bán “%s”.") % self.object.name)
            return redirect(self.get_success_url())
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi bên dưới."))
        return self.render_to_response(self.get_context_data(form=form, hours=hours))

    def get_success_url(self):
        return reverse("dashboard:partner-manage", kwargs={"pk": self.object.pk})


class PartnerCreateView(_ShowroomFormMixin, generic.CreateView):
    template_name = "oscar/dashboard/partners/partner_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Thêm điểm bán")
        return ctx


class PartnerManageView(_ShowroomFormMixin, generic.UpdateView):
    template_name = "oscar/dashboard/partners/partner_manage.html"

    def get_object(self, queryset=None):
        self.partner = get_object_or_404(Partner, pk=self.kwargs["pk"])
        return self.partner

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(partner=self.partner, title=self.partner.name, users=self.partner.users.all())
        return ctx
