"""Oscar's account views, adapted: consent recorded at registration, Vietnamese
messages, bounded order pages, the Vietnamese address book, an explained
account deletion. Oscar loads them by name (``get_class("customer.views", ...)``).
"""

from django import http
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.shortcuts import redirect
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from oscar.apps.communication.notifications.views import ArchiveView, InboxView
from oscar.apps.communication.notifications.views import DetailView as NotificationDetail
from oscar.apps.customer import views as oscar_views
from oscar.apps.customer.mixins import RegisterUserMixin as OscarRegisterUserMixin
from oscar.core.loading import get_model

from storefront.checkout.payment_methods import METHODS

from . import selectors
from .forms import ChangePasswordForm, UserAddressForm
from .services import CannotDelete, account_consent_record, account_delete

UserAddress = get_model("address", "UserAddress")


class RegisterUserMixin(OscarRegisterUserMixin):
    def register_user(self, form):
        # The account and the consent it was created with exist together or not at all.
        with transaction.atomic():
            user = super().register_user(form)
            account_consent_record(user=user)
        return user


class AccountRegistrationView(RegisterUserMixin, oscar_views.AccountRegistrationView):
    def form_valid(self, form):
        self.register_user(form)
        messages.success(self.request, _("Tạo tài khoản thành công. Chào mừng bạn!"))
        return redirect(form.cleaned_data["redirect_url"])


class AccountAuthView(RegisterUserMixin, oscar_views.AccountAuthView):
    def post(self, request, *args, **kwargs):
        if "login_submit" not in request.POST and "registration_submit" not in request.POST:
            messages.error(request, _("Vui lòng bấm “Đăng nhập” hoặc “Đăng ký”."))
            return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)


class ProfileView(oscar_views.ProfileView):
    page_title = gettext_lazy("Hồ sơ")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["consents"] = selectors.consents_of(self.request.user)[:20]
        return ctx


class ProfileUpdateView(oscar_views.ProfileUpdateView):
    page_title = gettext_lazy("Sửa hồ sơ")


class ProfileDeleteView(oscar_views.ProfileDeleteView):
    page_title = gettext_lazy("Xoá tài khoản")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["order_count"] = selectors.orders_of(self.request.user).count()
        return ctx

    def form_valid(self, form):
        user = self.request.user
        try:
            account_delete(user=user)
        except CannotDelete as error:
            messages.error(self.request, str(error))
            return redirect("customer:profile-view")
        auth_logout(self.request)
        messages.success(self.request, _("Tài khoản của bạn đã được xoá. Cảm ơn bạn đã mua "
                                         "sắm sản phẩm OCOP."))
        return redirect(self.get_success_url())


class ChangePasswordView(oscar_views.ChangePasswordView):
    form_class = ChangePasswordForm
    page_title = gettext_lazy("Đổi mật khẩu")
    active_tab = "password"


# --- Orders -----------------------------------------------------------------------------------

class OrderHistoryView(oscar_views.OrderHistoryView):
    page_title = gettext_lazy("Đơn hàng của tôi")
    paginate_by = 10

    def get_queryset(self):
        qs = selectors.orders_of(self.request.user)
        if self.form.is_bound and self.form.is_valid():
            qs = qs.filter(**self.form.get_filters())
        return qs

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end or not a number shows the last or first page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class OrderDetailView(oscar_views.OrderDetailView):
    def get_page_title(self):
        return _("Đơn hàng %(number)s") % {"number": self.object.number}

    def get_object(self, queryset=None):
        order = selectors.order_of(user=self.request.user, number=self.kwargs["order_number"])
        if order is None:
            raise http.Http404
        return order

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(order_page_context(self.object))
        return ctx


class OrderLineView(oscar_views.OrderLineView):
    """Buying one line again (POST); this view has no page of its own."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") != "reorder":
            self.get_object()  # another shopper's line is unknown, whatever the action
            messages.error(request, _("Yêu cầu không hợp lệ."))
            return redirect("customer:order", order_number=self.kwargs["order_number"])
        return super().post(request, *args, **kwargs)

    def get_object(self, queryset=None):
        order = selectors.order_of(user=self.request.user, number=self.kwargs["order_number"])
        line = order.lines.filter(pk=self.kwargs["line_id"]).first() if order else None
        if line is None:
            raise http.Http404
        return line


class AnonymousOrderDetailView(oscar_views.AnonymousOrderDetailView):
    """A guest's order, from the link in its e-mails (hash and e-mail checked by Oscar)."""

    def get_object(self, queryset=None):
        checked = super().get_object()
        return selectors.guest_order(number=checked.number) if checked else None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(order_page_context(self.object))
        return ctx


def order_page_context(order) -> dict:
    names = {code: method.name for code, method in METHODS.items()}
    return {
        "payment_methods": [names.get(s.source_type.code, s.source_type.name)
                            for s in order.sources.all()],
        "status_changes": sorted(order.status_changes.all(), key=lambda c: c.date_created),
        "lines": list(order.lines.all()),
    }


# --- Address book ---------------------------------------------------------------------------

class AddressListView(oscar_views.AddressListView):
    page_title = gettext_lazy("Sổ địa chỉ")

    def get_queryset(self):
        return selectors.addresses_of(self.request.user)


class AddressCreateView(oscar_views.AddressCreateView):
    form_class = UserAddressForm
    page_title = gettext_lazy("Thêm địa chỉ")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.page_title
        return ctx



class AddressUpdateView(oscar_views.AddressUpdateView):
    form_class = UserAddressForm
    page_title = gettext_lazy("Sửa địa chỉ")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.page_title
        return ctx



class AddressDeleteView(oscar_views.AddressDeleteView):
    page_title = gettext_lazy("Xoá địa chỉ?")



class AddressChangeStatusView(generic.View):
    """Make an address the default for delivery. A change, so POST only."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        address = UserAddress._default_manager.filter(user=request.user, pk=pk).first()
        if address is None:
            raise http.Http404
        if action == "default_for_shipping":
            address.is_default_for_shipping = True
            address.save()
            messages.success(request, _("Đã chọn “%(address)s” làm địa chỉ giao hàng mặc định.")
                             % {"address": address.summary})
        elif action == "default_for_billing":
            address.is_default_for_billing = True
            address.save()
        return redirect("customer:address-list")


# --- E-mails and notifications ------------------------------------------------------------------

class EmailHistoryView(oscar_views.EmailHistoryView):
    template_name = "oscar/customer/email/email_list.html"
    page_title = gettext_lazy("Email và thông báo")
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().order_by("-date_sent", "-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["unread_notifications"] = self.request.user.notifications.filter(
            date_read__isnull=True, location="Inbox").count()
        return ctx


class EmailDetailView(oscar_views.EmailDetailView):
    template_name = "oscar/customer/email/email_detail.html"

    def get_page_title(self):
        return self.object.subject



class NotificationInboxView(InboxView):
    template_name = "oscar/customer/notifications/list.html"
    page_title = gettext_lazy("Thông báo")
    active_tab = "emails"


class NotificationArchiveView(ArchiveView):
    template_name = "oscar/customer/notifications/list.html"
    page_title = gettext_lazy("Thông báo đã lưu trữ")
    active_tab = "emails"


class NotificationDetailView(NotificationDetail):
    template_name = "oscar/customer/notifications/detail.html"
    active_tab = "emails"

    def get_page_title(self):
        return strip_tags(self.object.subject)
