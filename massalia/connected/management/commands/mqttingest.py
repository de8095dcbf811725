"""`massalia mqttingest`: subscribe to the readings' topic on the MQTT broker and store what
arrives (through the one ingestion service); runs until stopped.

--url and --topic default to CONNECTED_MQTT_URL and CONNECTED_MQTT_TOPIC; --max-messages and
--seconds stop it earlier (checks, tests). With --relay it only listens: each message becomes
the background task `connected.tasks.ingest_mqtt_message` (on Celery workers when
TASKS_BACKEND=celery), and a message the queue refuses is stored by the subscriber itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Recevoir les relevés publiés sur le courtier MQTT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=None, help="mqtt://hôte:port (CONNECTED_MQTT_URL)")
        parser.add_argument("--topic", default=None, help="sujet (CONNECTED_MQTT_TOPIC)")
        parser.add_argument("--max-messages", type=int, default=None)
        parser.add_argument("--seconds", type=float, default=None)
        parser.add_argument(
            "--relay",
            action="store_true",
            help="confier chaque message à une tâche de fond (Celery) au lieu de l'enregistrer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from massalia.connected.mqtt import Broker, Subscriber

        try:
            broker = Broker.from_url(options["url"] or settings.CONNECTED_MQTT_URL)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        topic = options["topic"] or settings.CONNECTED_MQTT_TOPIC
        subscriber = Subscriber(broker, topic, relay=options["relay"])
        try:
            subscriber.connect()
        except (OSError, TimeoutError) as exc:
            raise CommandError(
                f"Courtier MQTT injoignable ({broker.host}:{broker.port}) : {exc}"
            ) from None
        self.stderr.write(f"Abonné à {topic} sur {broker.host}:{broker.port}")
        try:
            handled = subscriber.run(
                max_messages=options["max_messages"], timeout=options["seconds"]
            )
        except KeyboardInterrupt:
            handled = subscriber.handled
        finally:
            subscriber.close()
        self.stdout.write(f"messages={handled}")
