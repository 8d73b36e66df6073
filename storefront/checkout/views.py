"""Oscar's checkout views, adapted: Vietnamese address form, consent, wards."""

import logging

from django import http
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View, generic
from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from catalogue.links import absolute_url
from catalogue.provinces import today_provinces
from shops.ledger import StockError
from storefront.shipping.methods import pickup_partner_id
from storefront.tourism.baskets import basket_kinds, visit_date_problems
from storefront.tourism.selectors import order_vouchers
from storefront.tourism.services import vouchers_issue

from . import locks, statuses
from .addresses import province_code_of, ward_choices
from .card_payments import NotPayable, card_payment_start
from .consent import consent_attach_order, consent_record
from .emails import send_order_placed_email, status_link
from .forms import AddressBookConsentForm, PaymentMethodForm
from .gateway import GatewayError
from .payment_methods import METHODS, methods_for
from .placement import (
    CannotPlace,
    assign_fulfilment,
    check_lines_sellable,
    check_visit_dates,
    forget_stock,
    prime_sellability,
    record_certificates,
)
from .selectors import confirmation_lines

logger = logging.getLogger("storefront.checkout")
UserAddress = get_model("address", "UserAddress")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
SourceType = get_model("payment", "SourceType")
Source = get_model("payment", "Source")

IndexView = oscar_views.IndexView
VISITOR_NAMESPACE = "tourism"


class PrimedBasketMixin:
    """Sellability of every basket line in one query before Oscar's checks run."""

    def dispatch(self, request, *args, **kwargs):
        if request.basket.id:
            prime_sellability(request.basket)
        return super().dispatch(request, *args, **kwargs)


class ShippingAddressView(PrimedBasketMixin, oscar_views.ShippingAddressView):
    def get_initial(self):
        fields = self.checkout_session.new_shipping_address_fields() or {}
        initial = {k: fields.get(k, "") for k in ("first_name", "phone_number", "line1", "notes")}
        province = province_code_of(fields.get("line4", ""))
        if province:
            initial["province"] = province
            initial["ward"] = next(
                (code for code, name in ward_choices(province) if name == fields.get("line3")), "")
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("consent_form", AddressBookConsentForm())
        return ctx

    def get_available_addresses(self):
        return super().get_available_addresses().filter(country_id="VN")

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated and "address_id" in request.POST:
            try:
                address = UserAddress._default_manager.get(
                    pk=int(request.POST["address_id"]), user=request.user, country_id="VN")
            except (ValueError, UserAddress.DoesNotExist):
                return http.HttpResponseBadRequest()
            if request.POST.get("action") != "ship_to":
                return http.HttpResponseBadRequest()
            consent = AddressBookConsentForm(request.POST)
            if not consent.is_valid():
                messages.error(request, consent.errors["consent"][0])
                return redirect("checkout:shipping-address")
            consent_record(email=request.user.email, user=request.user,
                           checkout_session=self.checkout_session)
            self.checkout_session.ship_to_user_address(address)
            return redirect(self.get_success_url())
        return super(oscar_views.ShippingAddressView, self).post(request, *args, **kwargs)

    def form_valid(self, form):
        email = (self.request.user.email if self.request.user.is_authenticated
                 else self.checkout_session.get_guest_email())
        consent_record(email=email, user=self.request.user, checkout_session=self.checkout_session)
        return super().form_valid(form)


class ShippingMethodView(PrimedBasketMixin, oscar_views.ShippingMethodView):
    def form_valid(self, form):
        code = form.cleaned_data["method_code"]
        try:
            assign_fulfilment(self.request.basket, pickup_partner_id=pickup_partner_id(code),
                              strategy=self.request.strategy)
        except CannotPlace as error:
            messages.error(self.request, str(error))
            return redirect("checkout:shipping-method")
        return super().form_valid(form)

    def form_invalid(self, form):
        messages.error(self.request, _("Cách nhận hàng này không có cho giỏ hàng và địa chỉ "
                                       "của bạn. Vui lòng chọn lại."))
        return generic.FormView.form_invalid(self, form)


class PaymentMethodMixin:
    """The payment method stored in the checkout session, and which ones are allowed."""

    def allowed_payment_methods(self):
        submission = self.build_submission()
        total = submission["order_total"]
        goods, experiences = basket_kinds(self.request.basket)
        return methods_for(shipping_method_code=self.checkout_session.shipping_method_code(
            self.request.basket), total=total.incl_tax if total else None,
            goods=goods, experiences=experiences)

    def asks_visitor(self) -> bool:
        """Experiences only: no address step, so the visitor's name and phone (and the
        consent) are asked with the payment method."""
        goods, experiences = basket_kinds(self.request.basket)
        return experiences and not goods

    def visitor(self) -> dict:
        return self.checkout_session._get(VISITOR_NAMESPACE, "visitor") or {}

    def check_visit_dates_valid(self, request):
        problems = visit_date_problems(request.basket)
        if problems:
            raise FailedPreCondition(url=reverse("basket:summary"), message=_(
                "Ngày tham quan không còn hợp lệ. %(problems)s Vui lòng bỏ trải nghiệm này "
                "khỏi giỏ hàng rồi thêm lại với ngày khác.") % {"problems": " ".join(problems)})

    def chosen_payment_method(self):
        code = self.checkout_session._get("payment", "method")
        allowed = {m.code: m for m in self.allowed_payment_methods()}
        return allowed.get(code)


class PaymentMethodView(
    PrimedBasketMixin, PaymentMethodMixin, oscar_views.CheckoutSessionMixin, generic.FormView
):
    """Cash on delivery (up to a limit), pay at the showroom (click & collect) or card."""

    template_name = "oscar/checkout/payment_method.html"
    form_class = PaymentMethodForm
    pre_conditions = [*oscar_views.PaymentMethodView.pre_conditions, "check_visit_dates_valid"]
    skip_conditions = oscar_views.PaymentMethodView.skip_conditions

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["methods"] = self.allowed_payment_methods()
        kwargs["visitor"] = self.asks_visitor()
        initial = kwargs.setdefault("initial", {})
        chosen = self.checkout_session._get("payment", "method")
        if chosen:
            initial["method"] = chosen
        if kwargs["visitor"]:
            visitor = self.visitor()
            user = self.request.user
            initial["visitor_name"] = visitor.get("name") or (
                user.get_full_name() if user.is_authenticated else "")
            initial["visitor_phone"] = visitor.get("phone", "")
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.build_submission())
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        if form.asks_visitor:
            self.checkout_session._set(VISITOR_NAMESPACE, "visitor", {
                "name": data["visitor_name"], "phone": data["visitor_phone"]})
            user = self.request.user
            consent_record(email=user.email if user.is_authenticated
                           else self.checkout_session.get_guest_email(),
                           user=user, checkout_session=self.checkout_session)
        self.checkout_session._set("payment", "method", data["method"])
        return redirect("checkout:preview")


class PaymentDetailsView(PrimedBasketMixin, PaymentMethodMixin, oscar_views.PaymentDetailsView):
    """The order preview and "Đặt hàng". One order per basket, whatever the clicks."""

    pre_conditions = [*oscar_views.PaymentDetailsView.pre_conditions, "check_visit_dates_valid"]

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def check_payment_data_is_captured(self, request):
        if self.chosen_payment_method() is None:
            raise FailedPreCondition(url=reverse("checkout:payment-method"),
                                     message=_("Vui lòng chọn cách thanh toán."))
        if self.asks_visitor() and not self.visitor().get("name"):
            raise FailedPreCondition(url=reverse("checkout:payment-method"),
                                     message=_("Vui lòng cho biết ai sẽ đến tham quan."))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        method = self.chosen_payment_method()
        ctx["payment_method_name"] = method.name if method else ""
        ctx["visitor"] = self.visitor() if self.asks_visitor() else {}
        return ctx

    def handle_place_order_submission(self, request):
        basket = request.basket
        with transaction.atomic():
            # A second submission of this basket waits here, then finds it submitted.
            status = locks.basket_status_for_update(basket.pk)
            if status != Basket.OPEN:
                return self.already_placed(basket)
            forget_stock(basket)
            code = self.checkout_session.shipping_method_code(basket)
            try:
                moved = assign_fulfilment(basket, pickup_partner_id=pickup_partner_id(code),
                                          strategy=request.strategy)
            except CannotPlace as error:
                return self.render_preview(request, error=str(error))
            if moved:  # stock moved since the preview: show the new prices first
                messages.warning(request, _("Nơi giao một số sản phẩm vừa thay đổi. Vui lòng "
                                            "xem lại đơn hàng rồi bấm Đặt hàng."))
                return redirect("checkout:preview")
            return self.submit(**self.build_submission())

    def already_placed(self, basket):
        order = Order.objects.filter(basket_id=basket.pk).first()
        if order is None:
            messages.error(self.request, _("Giỏ hàng này đang được xử lý. Vui lòng thử lại."))
            return redirect("basket:summary")
        self.request.session["checkout_order_id"] = order.pk
        return redirect("checkout:thank-you")

    def handle_payment(self, order_number, total, **kwargs):
        method = self.chosen_payment_method()
        if method is None:  # the total or delivery changed since the choice
            raise UnableToPlaceOrder(_("Cách thanh toán đã chọn không còn áp dụng cho đơn này. "
                                       "Vui lòng chọn lại."))
        source_type, __ = SourceType.objects.get_or_create(code=method.code,
                                                           defaults={"name": str(method.name)})
        # Nothing is taken now: cash is recorded by staff, cards by Stripe's webhooks.
        self.add_payment_source(Source(source_type=source_type, currency=total.currency,
                                       amount_allocated=total.incl_tax))

    def send_order_placed_email(self, order):
        send_order_placed_email(order, self.request)

    def get_message_context(self, order):
        ctx = super().get_message_context(order)
        if "status_path" in ctx:  # Oscar builds it with a hard-coded http://
            ctx["status_url"] = status_link(order, self.request)
        return ctx

    def handle_successful_order(self, order):
        response = super().handle_successful_order(order)
        if order.status == statuses.PENDING_PAYMENT:
            return redirect("checkout:card-payment", number=order.number)
        return response

    def get_initial_order_status(self, basket):
        method = self.chosen_payment_method()
        return method.initial_status if method else METHODS["card"].initial_status

    def handle_order_placement(self, order_number, user, basket, shipping_address,
                               shipping_method, shipping_charge, billing_address, order_total,
                               surcharges=None, **kwargs):
        try:
            with transaction.atomic():
                check_lines_sellable(basket)
                check_visit_dates(basket)
                order = self.place_order(
                    order_number=order_number, user=user, basket=basket,
                    shipping_address=shipping_address, shipping_method=shipping_method,
                    shipping_charge=shipping_charge, order_total=order_total,
                    billing_address=billing_address, surcharges=surcharges, **kwargs)
                record_certificates(order)
                vouchers_issue(order=order, **self.voucher_holder(user, shipping_address))
                basket.submit()
                consent_attach_order(checkout_session=self.checkout_session,
                                     order_number=order.number)
        except (CannotPlace, StockError) as error:
            raise UnableToPlaceOrder(str(error)) from error
        return self.handle_successful_order(order)


    def voucher_holder(self, user, shipping_address) -> dict:
        """Who the host expects: the visitor named at checkout, else the recipient."""
        visitor = self.visitor()
        if visitor.get("name"):
            return {"holder_name": visitor["name"], "holder_phone": visitor.get("phone", "")}
        if shipping_address is not None:
            phone = shipping_address.phone_number
            return {"holder_name": shipping_address.first_name or "",
                    "holder_phone": str(phone) if phone else ""}
        name = user.get_full_name() if user is not None and user.is_authenticated else ""
        return {"holder_name": name, "holder_phone": ""}


class CardPaymentView(View):
    """The card payment page of a placed order: Stripe's Payment Element mounts here
    (Stripe.js from js.stripe.com, allowed on this page only). Card data goes from
    the browser to Stripe; the order turns paid when Stripe's webhook says so."""

    template_name = "checkout/card_payment.html"

    def get(self, request, number):
        order = payable_order(request, number)
        if order is None:
            raise http.Http404
        if order.status != statuses.PENDING_PAYMENT:
            request.session["checkout_order_id"] = order.pk
            return redirect("checkout:thank-you")
        ctx = {"order": order, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
               "return_url": absolute_url(request, reverse("checkout:card-return",
                                                           args=[order.number]))}
        try:
            ctx["payment"] = card_payment_start(order_number=order.number)
        except NotPayable:
            return redirect("checkout:thank-you")
        except GatewayError as error:
            ctx["error"] = str(error)
        response = render(request, self.template_name, ctx)
        response._csp_update = settings.STRIPE_CSP
        return response


class CardReturnView(View):
    """Where Stripe sends the browser back: it shows the order; it changes nothing."""

    def get(self, request, number):
        order = payable_order(request, number)
        if order is None:
            raise http.Http404
        request.session["checkout_order_id"] = order.pk
        return redirect("checkout:thank-you")


def payable_order(request, number: str):
    """The order, if this browser placed it (or it is the signed-in buyer's)."""
    order = Order.objects.filter(number=str(number)[:128]).first()
    if order is None:
        return None
    if request.session.get("checkout_order_id") == order.pk:
        return order
    if request.user.is_authenticated and order.user_id == request.user.pk:
        return order
    return None


class ThankYouView(oscar_views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        ctx["confirmed_lines"] = confirmation_lines(ctx["order"], self.request)
        source = ctx["order"].sources.select_related("source_type").first()
        method = METHODS.get(source.source_type.code) if source else None
        ctx["payment_method_name"] = method.name if method else ""
        ctx["vouchers"] = order_vouchers(ctx["order"])
        return ctx


class WardsView(View):
    """The wards of one province as JSON, for the address form's ward list."""

    def get(self, request, province_code):
        if province_code not in today_provinces():
            return http.JsonResponse({"error": "unknown province"}, status=404)
        wards = [{"code": code, "name": name} for code, name in ward_choices(province_code)]
        return http.JsonResponse({"province": province_code, "wards": wards})
