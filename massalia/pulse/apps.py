from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "massalia.pulse"
    label = "pulse"
    verbose_name = "Baromètre de la ville"

    def ready(self) -> None:
        from massalia.pulse import rules, subscribers  # noqa: F401
