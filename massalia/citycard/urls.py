from django.urls import URLPattern

app_name = "citycard"

urlpatterns: list[URLPattern] = []
