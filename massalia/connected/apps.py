from django.apps import AppConfig


class ConnectedConfig(AppConfig):
    name = "massalia.connected"
    label = "connected"
    verbose_name = "Ville connectée : objets et télérelève"

    def ready(self) -> None:
        from massalia.connected import api, tasks  # noqa: F401  (tasks registers its jobs)

        api.register_api()
