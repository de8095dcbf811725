from django.apps import AppConfig


class InclusionConfig(AppConfig):
    name = "massalia.inclusion"
    label = "inclusion"
    verbose_name = "Annuaire de l'aide et de l'accès à Internet"

    def ready(self) -> None:
        from massalia.inclusion import extensions

        extensions.register()
