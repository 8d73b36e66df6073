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
        from . import views

        self.wards_view = views.WardsView

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("wards/<str:province_code>/", self.wards_view.as_view(), name="wards"))
        return self.post_process_urls(urls)
