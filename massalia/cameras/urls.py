from django.urls import path

from massalia.cameras import views

app_name = "cameras"

urlpatterns = [
    path("", views.register, name="register"),
    path("carte/", views.map_page, name="map"),
    path("vos-droits/", views.rights, name="rights"),
    path("cameras/<slug:identifier>/", views.camera, name="camera"),
]
