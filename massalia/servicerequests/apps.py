from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "massalia.servicerequests"
    label = "servicerequests"
    verbose_name = "Signalements et demandes"

    def ready(self) -> None:
        from massalia.core.metrics import Gauge, count_by, register_gauge
        from massalia.core.privacy import register
        from massalia.servicerequests import (  # noqa: F401  (subscribers register)
            area_alert_subscribers,
            area_alerts_extensions,
            extensions,
            rules,
            subscribers,
        )
        from massalia.servicerequests.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
        area_alerts_extensions.register()
        register_gauge(
            Gauge(
                name="massalia_service_requests",
                help="Service requests, by status.",
                label="status",
                count=lambda: count_by(self.get_model("ServiceRequest"), "status"),
            )
        )
