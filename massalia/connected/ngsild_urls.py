from django.urls import path

from massalia.connected import ngsild

app_name = "ngsild"

urlpatterns = [
    path("", ngsild.openapi_json, name="root"),
    path("entities", ngsild.entities, name="entities"),
    path("entities/<path:entity_id>", ngsild.entity, name="entity"),
]
