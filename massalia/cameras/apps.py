from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "massalia.cameras"
    label = "cameras"
    verbose_name = "Vidéoprotection : registre public des caméras"

    def ready(self) -> None:
        from massalia.cameras import datasets, extensions

        extensions.register()
        datasets.register()
