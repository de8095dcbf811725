from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massalia.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from massalia.core import converters, tasks

        converters.register()
        # The backend settings choose is registered by its module (massalia.celery for Celery).
        tasks.load_backend()
