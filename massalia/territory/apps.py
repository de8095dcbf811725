from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "massalia.territory"
    label = "territory"
    verbose_name = "Territoire"
