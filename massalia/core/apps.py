from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massalia.core"
    label = "core"
    verbose_name = "Noyau"
