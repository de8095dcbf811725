"""The directory of help: places (structures) and what they offer (services).

Fields follow the data·inclusion schema (v1); the fields only the national "lieux de médiation
numérique" standard has are kept on the structure too, so a file of that standard comes back
out as it went in. Multi-valued fields are stored as "|a|b|" (see `tags`), which both SQLite and
PostgreSQL filter with a plain LIKE.
"""

from __future__ import annotations

from django.db import models

from massalia.inclusion import vocabulary
from massalia.inclusion.tags import join_tags, split_tags


class TagsMixin:
    def tags(self, field: str) -> list[str]:
        return split_tags(getattr(self, field))

    def set_tags(self, field: str, values: list[str]) -> None:
        setattr(self, field, join_tags(values))


class Structure(TagsMixin, models.Model):
    source = models.CharField("source", max_length=100)
    ident = models.CharField("identifiant chez la source", max_length=200)
    nom = models.CharField("nom du lieu", max_length=200)
    siret = models.CharField("SIRET, RNA ou RIDET", max_length=20, blank=True)
    commune = models.CharField(max_length=120, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    code_insee = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    adresse = models.CharField("adresse (numéro et voie)", max_length=250, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=250, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    typologie = models.CharField("typologie de la structure", max_length=300, blank=True)
    telephone = models.CharField("téléphone", max_length=40, blank=True)
    courriels = models.TextField("adresses électroniques", blank=True)
    sites_web = models.TextField("sites internet", blank=True)
    horaires = models.CharField("horaires (format OpenStreetMap)", max_length=500, blank=True)
    resume = models.CharField("présentation courte", max_length=280, blank=True)
    description = models.TextField("présentation détaillée", blank=True)
    date_maj = models.DateField("mise à jour")
    reseaux_porteurs = models.CharField("réseaux porteurs", max_length=500, blank=True)
    accessibilite = models.URLField("fiche Accès libre", max_length=500, blank=True)
    lien_source = models.URLField("fiche chez la source", max_length=500, blank=True)
    langues = models.CharField("langues parlées (codes ISO 639)", max_length=200, blank=True)
    # Only in the lieux de médiation numérique standard, kept as written there.
    collecte_par = models.CharField("structure collectant la donnée", max_length=200, blank=True)
    itinerance = models.CharField("itinérance", max_length=50, blank=True)
    structure_parente = models.CharField("structure de rattachement", max_length=200, blank=True)
    mediation_services = models.TextField("services de médiation numérique", blank=True)
    publics_adresses = models.CharField(
        "publics spécifiquement accueillis", max_length=300, blank=True
    )
    prise_en_charge = models.CharField("prises en charge spécifiques", max_length=300, blank=True)
    frais_a_charge = models.CharField("frais à charge", max_length=100, blank=True)
    dispositifs = models.TextField("dispositifs nationaux", blank=True)
    formations_labels = models.TextField("formations et labels", blank=True)
    autres_formations_labels = models.TextField("autres formations et labels", blank=True)
    modalites_acces = models.CharField("modalités d'accès", max_length=300, blank=True)
    modalites_accompagnement = models.CharField(
        "modalités d'accompagnement", max_length=300, blank=True
    )
    prise_rdv = models.URLField("lien de prise de rendez-vous", max_length=500, blank=True)
    is_mediation = models.BooleanField("lieu de médiation numérique", default=False)

    class Meta:
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ident"], name="inclusion_structure_key")
        ]
        indexes = [models.Index(fields=["latitude", "longitude"])]
        verbose_name = "lieu"
        verbose_name_plural = "lieux"

    def __str__(self) -> str:
        return self.nom

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def full_address(self) -> str:
        parts = [self.adresse, self.complement_adresse, f"{self.code_postal} {self.commune}"]
        return ", ".join(p.strip() for p in parts if p.strip())


class Service(TagsMixin, models.Model):
    class Frais(models.TextChoices):
        GRATUIT = "gratuit", "Gratuit"
        PAYANT = "payant", "Payant"

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="services", verbose_name="lieu"
    )
    source = models.CharField(max_length=100)
    ident = models.CharField("identifiant chez la source", max_length=200)
    nom = models.CharField("nom du service", max_length=150)
    description = models.TextField()
    type = models.CharField("type de service", max_length=40, blank=True)
    thematiques = models.TextField("thématiques", blank=True)
    frais = models.CharField("tarif", max_length=10, choices=Frais.choices, blank=True)
    frais_precisions = models.CharField("précisions sur le tarif", max_length=300, blank=True)
    publics = models.CharField("publics accueillis", max_length=500, blank=True)
    publics_precisions = models.CharField("précisions sur les publics", max_length=500, blank=True)
    conditions_acces = models.TextField("conditions d'accès", blank=True)
    modes_accueil = models.CharField("modes d'accueil", max_length=60, blank=True)
    modes_mobilisation = models.CharField("modes de mobilisation", max_length=200, blank=True)
    mobilisable_par = models.CharField("peut être sollicité par", max_length=60, blank=True)
    lien_mobilisation = models.URLField("lien de mobilisation", max_length=500, blank=True)
    telephone = models.CharField("téléphone", max_length=40, blank=True)
    courriel = models.EmailField("adresse électronique", blank=True)
    horaires = models.CharField(
        "horaires (format OpenStreetMap; vide : ceux du lieu)", max_length=500, blank=True
    )
    zone_eligibilite = models.CharField("zone d'éligibilité", max_length=300, blank=True)
    date_maj = models.DateField("mise à jour")

    class Meta:
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ident"], name="inclusion_service_key")
        ]
        verbose_name = "service"

    def __str__(self) -> str:
        return self.nom

    @property
    def hours(self) -> str:
        return self.horaires or self.structure.horaires

    @property
    def need_labels(self) -> list[str]:
        return sorted({vocabulary.category_label(t) for t in self.tags("thematiques")})

    @property
    def public_labels(self) -> list[str]:
        return [vocabulary.PUBLICS.get(p, p) for p in self.tags("publics")]

    @property
    def accueil_labels(self) -> list[str]:
        return [vocabulary.MODES_ACCUEIL.get(m, m) for m in self.tags("modes_accueil")]
