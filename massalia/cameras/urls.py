from django.urls import path

from massalia.cameras import views

app_name = "cameras"

urlpatterns = [
    path("", views.register, name="register"),
]
