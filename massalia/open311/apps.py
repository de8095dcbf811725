from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "massalia.open311"
    label = "open311"
    verbose_name = "Open311"

    def ready(self) -> None:
        from massalia.open311 import extensions

        extensions.register()
        from massalia.open311 import openapi

        openapi.register_api()
