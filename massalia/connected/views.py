"""The subscriber's page: their water meters' consumption, suspicions and what to do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from massalia.connected import charts, selectors, water


@login_required
def my_water(request: HttpRequest) -> HttpResponse:
    meters = []
    for i, device in enumerate(selectors.meters_of(request.user)):
        view = selectors.meter_view(device)
        chart = charts.daily(
            view.bars,
            title=_("Consommation par jour du compteur %(meter)s, 30 derniers jours")
            % {"meter": device.identifier},
            ident=f"conso-{i}",
        )
        meters.append((view, chart))
    return render(
        request,
        "connected/my_water.html",
        {"meters": meters, "labels": {k.value: v for k, v in water.LABELS.items()}},
    )
