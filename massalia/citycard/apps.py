from django.apps import AppConfig


class CitycardConfig(AppConfig):
    name = "massalia.citycard"
    label = "citycard"
    verbose_name = "Carte de la ville : titres, validations et porte-monnaie"

    def ready(self) -> None:
        from massalia.citycard import api, extensions, privacy, rules, subscribers, tasks  # noqa: F401
        from massalia.core.privacy import register

        api.register_api()
        extensions.register()
        register(privacy.PART)
