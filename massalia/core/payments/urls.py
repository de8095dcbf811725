from django.urls import path

from massalia.core.payments import views

app_name = "payments"

urlpatterns = [
    path("payer/", views.start, name="start"),
    path("notification/<slug:provider>/", views.notify, name="notify"),
    path("recu/<slug:reference>/", views.receipt, name="receipt"),
    path("test/<slug:reference>/", views.test_bank, name="test_bank"),
    path("export.csv", views.export, name="export"),
]
