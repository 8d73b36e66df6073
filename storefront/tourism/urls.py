"""Consumer URLs of community-tourism vouchers."""

from django.urls import path

from . import views

app_name = "tourism"
urlpatterns = [
    path("accounts/vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
]
