from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "massalia.participation"
    label = "participation"
    verbose_name = "Participation citoyenne"

    def ready(self) -> None:
        from massalia.core.privacy import register
        from massalia.participation import extensions, rules, subscribers  # noqa: F401
        from massalia.participation.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
