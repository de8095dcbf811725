from django.apps import AppConfig


class TransitConfig(AppConfig):
    name = "massalia.transit"
    label = "transit"
    verbose_name = "Transports : arrêts, lignes et horaires"

    def ready(self) -> None:
        from massalia.transit import extensions, rules  # noqa: F401

        extensions.register()
