from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> JsonResponse:
    """The cheapest JSON answer the stack can give: the baseline for throughput."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/minimal.json", minimal, name="bench_minimal"),
    path("", include("massalia.urls")),
]
