"""Oscar's checkout views, adapted: Vietnamese address form, consent, wards."""

from django import http
from django.contrib import messages
from django.shortcuts import redirect
from django.views import View
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_model

from catalogue.provinces import today_provinces

from .addresses import province_code_of, ward_choices
from .consent import consent_record
from .forms import AddressBookConsentForm

UserAddress = get_model("address", "UserAddress")

IndexView = oscar_views.IndexView


class ShippingAddressView(oscar_views.ShippingAddressView):
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


class WardsView(View):
    """The wards of one province as JSON, for the address form's ward list."""

    def get(self, request, province_code):
        if province_code not in today_provinces():
            return http.JsonResponse({"error": "unknown province"}, status=404)
        wards = [{"code": code, "name": name} for code, name in ward_choices(province_code)]
        return http.JsonResponse({"province": province_code, "wards": wards})
