from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "massalia.backoffice"
    label = "backoffice"
    verbose_name = "Espace agents"

    def ready(self) -> None:
        from massalia.backoffice import extensions

        extensions.register()
