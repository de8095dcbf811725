from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "massalia.transparency"
    label = "transparency"
    verbose_name = "Transparence : marchés publics"

    def ready(self) -> None:
        from massalia.transparency import datasets, extensions

        extensions.register()
        datasets.register()
