from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massalia.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from massalia.core import converters, tasks
        from massalia.core.notifications.privacy import PERSONAL_DATA
        from massalia.core.payments import privacy as payments_privacy
        from massalia.core.privacy import register

        converters.register()
        # The backend settings choose is registered by its module (massalia.celery for Celery).
        tasks.load_backend()
        register(PERSONAL_DATA)
        register(payments_privacy.PERSONAL_DATA)
