from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massalia.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from massalia.core import converters

        converters.register()
