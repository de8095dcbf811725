from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "massalia.portal"
    label = "portal"
    verbose_name = "Portail"

    def ready(self) -> None:
        from massalia.portal import extensions

        extensions.register()
