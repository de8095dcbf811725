from django.apps import AppConfig


class EservicesConfig(AppConfig):
    name = "massalia.eservices"
    label = "eservices"
    verbose_name = "Démarches en ligne"

    def ready(self) -> None:
        from massalia.core.privacy import register
        from massalia.eservices import extensions, rules, subscribers  # noqa: F401
        from massalia.eservices.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
