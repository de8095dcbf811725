from django.apps import AppConfig


class CitycardConfig(AppConfig):
    name = "massalia.citycard"
    label = "citycard"
    verbose_name = "Carte de la ville : titres, validations et porte-monnaie"
