from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Document consultations (a PLU or any regulation), their register and the opinion map:
    the participation domain's consultations, as an app of their own."""

    name = "massalia.consultations"
    label = "consultations"
    verbose_name = "Consultations et carte des opinions"

    def ready(self) -> None:
        from massalia.consultations import extensions, rules, tasks  # noqa: F401
        from massalia.consultations.privacy import PERSONAL_DATA
        from massalia.core.privacy import register

        register(PERSONAL_DATA)
        extensions.register()
