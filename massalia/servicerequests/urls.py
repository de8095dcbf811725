from django.urls import path

from massalia.servicerequests import address_views, area_alerts_views, contribution_views, views

app_name = "servicerequests"

urlpatterns = [
    path("signaler/", views.report, name="report"),
    path("signaler/envoye/", views.report_sent, name="report_sent"),
    path("signaler/<slug:code>/", views.report_form, name="report_form"),
    path("signaler-doublons.json", views.nearby, name="nearby"),
    path("signaler-adresse.json", address_views.address, name="report_address"),
    path("demandes/", views.requests_list, name="requests"),
    path("demandes.geojson", views.requests_geojson, name="requests_geojson"),
    path("demandes.csv", views.requests_csv, name="requests_csv"),
    path("demandes/<id:pk>/", views.request_detail, name="request_detail"),
    path("demandes/<id:pk>/suivre/", views.follow, name="follow"),
    path("demandes/<id:pk>/completer/", contribution_views.contribute, name="contribute"),
    path("demandes/<id:pk>/repondre/", views.reply, name="reply"),
    path("demandes/<id:pk>/rouvrir/", views.reopen, name="reopen"),
    path("repondre/<str:token>/", views.reply_by_link, name="reply_by_link"),
    path(
        "repondre/<str:token>/pieces/<id:upload_id>/",
        views.reply_document,
        name="reply_document",
    ),
    path("carte/", views.requests_map, name="map"),
    path("carte/demandes.geojson", views.map_clusters, name="map_clusters"),
    path("carte/quartiers.geojson", views.map_outlines, name="map_outlines"),
    path("confirmer/<str:token>/", views.confirm_request, name="confirm_request"),
    path("mes-demandes/", views.my_requests, name="my_requests"),
    path("pieces-jointes/<id:upload_id>/", views.attachment, name="attachment"),
    # Where photos were served first: media URLs already handed to Open311 clients.
    path("photos/<id:upload_id>/", views.attachment, name="photo"),
    path("alertes/", area_alerts_views.new_alert, name="area_alert_new"),
    path("alertes/envoyee/", area_alerts_views.alert_sent, name="area_alert_sent"),
    path(
        "alertes/confirmer/<str:token>/", area_alerts_views.confirm_alert, name="area_alert_confirm"
    ),
    path(
        "alertes/retirer/<str:token>/", area_alerts_views.remove_by_link, name="area_alert_remove"
    ),
    path("mes-alertes/", area_alerts_views.my_alerts, name="my_alerts"),
    path("mes-alertes/<id:pk>/retirer/", area_alerts_views.remove_alert, name="my_alert_remove"),
]
