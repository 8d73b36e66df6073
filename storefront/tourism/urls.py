"""Consumer URLs of community-tourism vouchers."""

app_name = "tourism"
urlpatterns = []
