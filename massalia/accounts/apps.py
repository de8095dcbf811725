from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "massalia.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from massalia.accounts import rules  # noqa: F401  (registers permission rules)
        from massalia.accounts.privacy import PERSONAL_DATA
        from massalia.core.privacy import register

        register(PERSONAL_DATA)
