from django.urls import path

from massalia.transit import views

app_name = "transit"

# A feed's stop ids may hold any character, a slash too (`path`): the files come first.
urlpatterns = [
    path("", views.stops, name="stops"),
    path("<slug:feed>/<path:stop_id>/etiquette.ndef", views.tag, name="tag"),
    path("<slug:feed>/<path:stop_id>/code.svg", views.code, name="code"),
    path("<slug:feed>/<path:stop_id>/", views.stop, name="stop"),
]
