"""Oscar's checkout, forked (label ``checkout``): a Vietnamese address form,
delivery options, cash on delivery / pay at the showroom and Stripe cards."""

from django.urls import path
from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    name = "storefront.checkout"
    label = "checkout"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        super().ready()
        from . import views, webhooks

        self.wards_view = views.WardsView
        self.card_payment_view = views.CardPaymentView
        self.card_return_view = views.CardReturnView
        self.stripe_webhook_view = webhooks.StripeWebhookView

    def get_urls(self):
        urls = super().get_urls()
        urls += [
            path("wards/<str:province_code>/", self.wards_view.as_view(), name="wards"),
            path("pay/<str:number>/", self.card_payment_view.as_view(), name="card-payment"),
            path("pay/<str:number>/return/", self.card_return_view.as_view(),
                 name="card-return"),
            # Outside CSRF (Stripe signs it) and answered, never redirected, over http.
            path("stripe/webhook/", self.stripe_webhook_view.as_view(), name="stripe-webhook"),
        ]
        return self.post_process_urls(urls)

    def get_url_decorator(self, pattern):
        if pattern.name in ("stripe-webhook", "wards"):
            return None  # machines and public data: never behind a login
        return super().get_url_decorator(pattern)
