from django.urls import path

from .views import ShowroomDetailView, ShowroomListView

app_name = "showrooms"
urlpatterns = [
    path("", ShowroomListView.as_view(), name="list"),
    path("<slug:slug>/", ShowroomDetailView.as_view(), name="detail"),
]
