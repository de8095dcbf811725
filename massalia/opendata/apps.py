from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "massalia.opendata"
    label = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        from massalia.opendata import extensions

        extensions.register()
