from django.urls import path

from .producer_views import ProducerDetailView, ProducerListView

urlpatterns = [
    path("", ProducerListView.as_view(), name="producer-list"),
    path("<slug:slug>/", ProducerDetailView.as_view(), name="producer-detail"),
]
