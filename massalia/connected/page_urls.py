from django.urls import path

from massalia.connected import views

app_name = "connected"

urlpatterns = [
    path("", views.my_water, name="my_water"),
]
