from django.contrib import admin
from django.urls import include, path

from massalia.core import languages

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("massalia.accounts.urls")),
    path("agents/", include("massalia.backoffice.urls")),
    path("agents/questions/", include("massalia.questions.agents_urls")),  # before <slug:code>/
    path("agents/", include("massalia.servicerequests.agents_urls")),  # the agents' case pages
    path("open311/v2/", include("massalia.open311.urls")),
    path("barometre/", include("massalia.pulse.urls")),
    path("aide/", include("massalia.inclusion.urls")),
    path("demarches/", include("massalia.eservices.urls")),
    path("participer/debats/", include("massalia.consultations.urls")),
    path("agents/debats/moderation/", include("massalia.consultations.agents_urls")),
    path("participer/questions/", include("massalia.questions.urls")),
    path("participer/", include("massalia.participation.urls")),
    path("actualites/", include("massalia.news.urls")),
    path("donnees/", include("massalia.opendata.urls")),
    path("marches-publics/", include("massalia.transparency.urls")),
    path("telemetry/v1/", include("massalia.connected.urls")),
    path("eau/", include("massalia.connected.page_urls")),
    path("ngsi-ld/v1/", include("massalia.connected.ngsild_urls")),
    path("arrets/", include("massalia.transit.urls")),
    path("agents/arrets/", include("massalia.transit.agents_urls")),
    path("videoprotection/", include("massalia.cameras.urls")),
    path("carte-ville/", include("massalia.citycard.urls")),
    path("validation/v1/", include("massalia.citycard.api_urls")),
    path("agents/carte-ville/", include("massalia.citycard.agents_urls")),
    path("langue/<slug:code>/", languages.choose, name="language"),
    path("notifications/", include("massalia.core.notifications.urls")),
    path("paiement/", include("massalia.core.payments.urls")),
    path("", include("massalia.core.health")),  # /health and /metrics
    path("", include("massalia.portal.urls")),
    path("", include("massalia.servicerequests.urls")),  # the case engine's public pages
]
