from django.apps import AppConfig


class NewsConfig(AppConfig):
    """The city's news (by theme and quartier, with feeds) and its newsletter (double opt-in,
    one-click unsubscribe through the notification module)."""

    name = "massalia.news"
    label = "news"
    verbose_name = "Actualités et lettre d'information"

    def ready(self) -> None:
        from massalia.core.privacy import register
        from massalia.news import extensions, newsletter, rules, tasks  # noqa: F401
        from massalia.news.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
