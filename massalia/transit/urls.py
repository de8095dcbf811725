from django.urls import path

from massalia.transit import views

app_name = "transit"

urlpatterns = [
    path("", views.stops, name="stops"),
    path("<slug:feed>/<str:stop_id>/", views.stop, name="stop"),
    path("<slug:feed>/<str:stop_id>/etiquette.ndef", views.tag, name="tag"),
    path("<slug:feed>/<str:stop_id>/code.svg", views.code, name="code"),
]
