from django.urls import path

from massalia.open311 import openapi, views

app_name = "open311"

urlpatterns = [
    path("", views.unknown, name="root"),
    path("openapi.json", openapi.openapi_json, name="openapi"),
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("services.<str:fmt>", views.services_list, name="services"),
    path("services/<str:code>.<str:fmt>", views.service_definition, name="service_definition"),
    path("requests.<str:fmt>", views.requests_list, name="requests"),
    path("requests/<str:request_id>.<str:fmt>", views.request_detail, name="request_detail"),
    path("adresse/<str:token>", views.confirm_address, name="confirm_address"),
    path("<path:rest>", views.unknown, name="unknown"),
]
