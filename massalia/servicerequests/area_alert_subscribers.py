"""The emails of area alerts: the confirmation link, and each new public request in an area.

A request alerts when it becomes public: filed confirmed (`RequestSubmitted`) or confirmed
later from its link (`RequestConfirmed`). Each person hears of it once, whatever the number
of their alerts it matches and the retries of the event (the notification's key is the
request), and as they chose for the kind (immediately, in a digest, never).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation

from massalia.accounts.events import EmailVerified
from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.core.notifications import notify
from massalia.core.notifications.services import send
from massalia.servicerequests import area_alerts
from massalia.servicerequests.events import AreaAlertCreated, RequestConfirmed, RequestSubmitted
from massalia.servicerequests.models import AreaAlert, ServiceRequest


@subscriber(AreaAlertCreated)
def ask_confirmation(event: AreaAlertCreated) -> None:
    """Double opt-in: an alert not confirmed yet sends its link to the address it names."""
    if event.confirmed:
        return
    alert = AreaAlert.objects.select_related("user", "quartier").filter(pk=event.alert_id).first()
    if alert is None or alert.confirmed_at is not None:
        return  # removed, or confirmed meanwhile: nothing to ask
    to = alert.user.email if alert.user is not None else alert.email
    link = url_for("servicerequests.area_alert_confirm", alert.token) or ""
    if event.frequency:
        link += "?" + urlencode({"frequence": event.frequency})
    with translation.override(settings.LANGUAGE_CODE):  # the emails are in French
        area = area_alerts.describe(alert)
    context = {"area": area, "themes": area_alerts.themes(alert), "confirm_url": link}
    notify(to=to, template="area_alert_confirm", context=context)


@subscriber(RequestSubmitted)
def alert_filed(event: RequestSubmitted) -> None:
    if event.confirmed:
        tell_area(event.request_id)


@subscriber(RequestConfirmed)
def alert_confirmed(event: RequestConfirmed) -> None:
    tell_area(event.request_id)


def tell_area(request_id: int) -> None:
    """Notify everyone whose area alert the (public) request matches, once each."""
    case = (
        ServiceRequest.objects.select_related("request_type", "quartier", "requester")
        .filter(pk=request_id)
        .first()
    )
    if case is None:
        return
    url = url_for("servicerequests.public_page", case.pk) or ""
    for to, alert in area_alerts.recipients(case):
        removal = (
            None if alert.user_id else url_for("servicerequests.area_alert_remove", alert.token)
        )
        with translation.override(settings.LANGUAGE_CODE):  # the emails are in French
            area = area_alerts.describe(alert)
        send(
            kind=area_alerts.TOPIC,
            to=to,
            key=f"request:{case.pk}",
            template="area_alert",
            context={
                "request": case,
                "url": url,
                "area": area,
                "remove_url": removal,
                "mine_url": url_for("servicerequests.my_alerts") if alert.user_id else None,
            },
        )


@subscriber(EmailVerified)
def confirm_account_alerts(event: EmailVerified) -> None:
    """The account proved its address: the alerts it asked for meanwhile are on."""
    waiting = AreaAlert.objects.filter(user_id=event.user_id, confirmed_at__isnull=True)
    for token in waiting.values_list("token", flat=True):
        area_alerts.confirm_alert(token=token)
