app_name = "portal"
from django.urls import path
from django.views.generic import TemplateView

urlpatterns: list = [
    path("", TemplateView.as_view(template_name="base.html"), name="home"),
    path("demandes/<int:pk>/", TemplateView.as_view(template_name="base.html"), name="request_detail"),
    path("confirmer/<str:token>/", TemplateView.as_view(template_name="base.html"), name="confirm_request"),
    path("mes-demandes/", TemplateView.as_view(template_name="base.html"), name="my_requests"),
]
