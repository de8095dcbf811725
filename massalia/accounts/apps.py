from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "massalia.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from massalia.accounts import extensions, rules  # noqa: F401  (rules register)
        from massalia.accounts.privacy import PERSONAL_DATA
        from massalia.core.privacy import register

        register(PERSONAL_DATA)
        extensions.register()
