from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "massalia.pulse"
    label = "pulse"
    verbose_name = "Baromètre de la ville"

    def ready(self) -> None:
        from massalia.core.metrics import Gauge, register_gauge
        from massalia.core.privacy import register
        from massalia.pulse import extensions, notifications, rules, subscribers  # noqa: F401
        from massalia.pulse.privacy import PERSONAL_DATA

        register(PERSONAL_DATA)
        extensions.register()
        register_gauge(
            Gauge(
                name="massalia_pulse_messages",
                help="Messages of the pulse still kept, by channel.",
                label="channel",
                count=self.messages_by_channel,
            )
        )

    def messages_by_channel(self) -> dict[str, int]:
        from massalia.core.metrics import count_by
        from massalia.pulse.models import Channel

        return {
            **dict.fromkeys(Channel.values, 0),
            **count_by(self.get_model("Message"), "channel"),
        }
