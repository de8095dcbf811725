from django.urls import path

from massalia.citycard import api

app_name = "citycard_api"

urlpatterns = [
    path("", api.openapi_json, name="root"),
    path("taps", api.taps, name="taps"),
]
