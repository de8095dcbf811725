from django.urls import path

from massalia.connected import api

app_name = "telemetry"

urlpatterns = [
    path("", api.openapi_json, name="root"),
    path("readings", api.readings, name="readings"),
]
