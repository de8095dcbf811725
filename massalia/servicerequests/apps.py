from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "massalia.servicerequests"
    label = "servicerequests"
    verbose_name = "Signalements et demandes"

    def ready(self) -> None:
        from massalia.servicerequests import rules, subscribers  # noqa: F401
