from django.apps import AppConfig


class ConnectedConfig(AppConfig):
    name = "massalia.connected"
    label = "connected"
    verbose_name = "Ville connectée : objets et télérelève"
