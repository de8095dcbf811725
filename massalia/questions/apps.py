from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    """Questions to elected officials: a resident asks a named official or a sector town hall
    in public, the official answers in public, and the answer times are shown."""

    name = "massalia.questions"
    label = "questions"
    verbose_name = "Questions aux élus"

    def ready(self) -> None:
        from massalia.core.privacy import register
        from massalia.questions import extensions, rules, subscribers  # noqa: F401
        from massalia.questions.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
