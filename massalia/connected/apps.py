from django.apps import AppConfig


class ConnectedConfig(AppConfig):
    name = "massalia.connected"
    label = "connected"
    verbose_name = "Ville connectée : objets et télérelève"

    def ready(self) -> None:
        from massalia.connected import api, extensions, ngsild, privacy, tasks  # noqa: F401
        from massalia.core.privacy import register

        api.register_api()
        ngsild.register_api()
        extensions.register()
        register(privacy.PART)
