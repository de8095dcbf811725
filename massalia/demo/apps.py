from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "massalia.demo"
    label = "demo"
    verbose_name = "Démonstration"
