"""Public contracts as the DECP publish them: marchés and contrats de concession.

A contract is known by the DECP key (buyer SIRET, contract id, year of notification or
signature). Each file that carried it is one `ContractSource` with the record as it read there
once normalised; the contract is rebuilt from all its sources (`merge.py`), so importing the
same file again, or the same contract from another platform, never makes a second row.
What cannot be normalised is a `QuarantinedRecord`: the raw record, one reason per field.
"""

from __future__ import annotations

from django.db import models

from massalia.core.models import ImportRun


class Buyer(models.Model):
    """An acheteur (marché) or autorité concédante (concession), known by its SIRET."""

    siret = models.CharField("SIRET", max_length=14, unique=True)
    name = models.CharField("nom", max_length=300, blank=True)

    class Meta:
        ordering = ["name", "siret"]
        verbose_name = "acheteur"

    def __str__(self) -> str:
        return f"{self.name or 'Acheteur'} ({self.siret})"


class IdType(models.TextChoices):
    SIRET = "SIRET", "SIRET"
    TVA = "TVA", "TVA intracommunautaire"
    TAHITI = "TAHITI", "TAHITI"
    RIDET = "RIDET", "RIDET"
    FRWF = "FRWF", "FRWF"
    IREP = "IREP", "IREP"
    UE = "UE", "Union européenne"
    HORS_UE = "HORS-UE", "Hors Union européenne"


class Supplier(models.Model):
    """A titulaire (marché) or concessionnaire, known by its identifier and its type."""

    id_type = models.CharField("type d'identifiant", max_length=10, choices=IdType.choices)
    identifier = models.CharField("identifiant", max_length=64)
    name = models.CharField("dénomination sociale", max_length=300, blank=True)

    class Meta:
        ordering = ["name", "identifier"]
        verbose_name = "titulaire"
        constraints = [
            models.UniqueConstraint(fields=["id_type", "identifier"], name="supplier_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.name or self.identifier} ({self.id_type} {self.identifier})"


class ContractKind(models.TextChoices):
    MARCHE = "marche", "Marché public"
    CONCESSION = "concession", "Contrat de concession"


class Contract(models.Model):
    """One marché or contrat de concession, merged from every source that published it.

    `amount` and `duration_months` are the initial values; `current_*` are those after every
    modification, applied in order (`modifications`).
    """

    key = models.CharField("clé DECP", max_length=200, unique=True)
    kind = models.CharField("type", max_length=12, choices=ContractKind.choices)
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="contracts", verbose_name="acheteur"
    )
    decp_id = models.CharField("identifiant", max_length=100)
    year = models.PositiveSmallIntegerField("année")
    schema_version = models.CharField("version du format", max_length=10)
    nature = models.CharField("nature du marché", max_length=100, blank=True)
    subject = models.TextField("objet", blank=True)
    cpv = models.CharField("code CPV", max_length=8, blank=True)
    procedure = models.CharField("procédure", max_length=200, blank=True)
    place_code = models.CharField("lieu d'exécution (code)", max_length=20, blank=True)
    place_type = models.CharField("lieu d'exécution (type de code)", max_length=40, blank=True)
    place_name = models.CharField("lieu d'exécution", max_length=200, blank=True)
    price_form = models.CharField("forme du prix", max_length=100, blank=True)
    notified_on = models.DateField("notifié (ou signé) le", null=True, blank=True)
    published_on = models.DateField("données publiées le", null=True, blank=True)
    starts_on = models.DateField("début d'exécution", null=True, blank=True)
    duration_months = models.PositiveIntegerField("durée initiale (mois)", null=True, blank=True)
    amount = models.DecimalField(
        "montant initial HT", max_digits=16, decimal_places=2, null=True, blank=True
    )
    public_subsidy = models.DecimalField(
        "subvention publique", max_digits=16, decimal_places=2, null=True, blank=True
    )
    current_duration_months = models.PositiveIntegerField("durée actuelle (mois)", null=True)
    current_amount = models.DecimalField(
        "montant actuel HT", max_digits=16, decimal_places=2, null=True, blank=True
    )
    suppliers: models.ManyToManyField[Supplier, ContractSupplier] = models.ManyToManyField(
        Supplier, through="ContractSupplier", related_name="contracts", verbose_name="titulaires"
    )
    data = models.JSONField("données normalisées", default=dict)
    fingerprint = models.CharField("empreinte", max_length=64)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["-notified_on", "key"]
        verbose_name = "contrat"
        indexes = [models.Index(fields=["cpv"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.decp_id} — {self.subject[:60]}"


class ContractSupplier(models.Model):
    """A supplier of a contract; `since` is the modification that brought it (None: initial)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="holders", verbose_name="contrat"
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="holdings", verbose_name="titulaire"
    )
    position = models.PositiveSmallIntegerField()
    since = models.PositiveSmallIntegerField("depuis la modification", null=True, blank=True)

    class Meta:
        verbose_name = "titulaire du contrat"
        verbose_name_plural = "titulaires du contrat"
        ordering = ["contract", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "supplier", "since"], name="contract_supplier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} ← {self.supplier_id}"


class Modification(models.Model):
    """One modification of a contract, in the order it applies (`position`, from 1)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="modifications", verbose_name="contrat"
    )
    position = models.PositiveSmallIntegerField()
    decp_id = models.CharField("identifiant", max_length=40, blank=True)
    subject = models.TextField("objet", blank=True)
    notified_on = models.DateField("notifiée (ou signée) le", null=True, blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    duration_months = models.PositiveIntegerField("nouvelle durée (mois)", null=True, blank=True)
    amount = models.DecimalField(
        "nouveau montant HT", max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount_after = models.DecimalField(
        "montant après la modification", max_digits=16, decimal_places=2, null=True
    )
    duration_after = models.PositiveIntegerField("durée après la modification", null=True)
    data = models.JSONField("données normalisées", default=dict)

    class Meta:
        verbose_name = "modification"
        verbose_name_plural = "modifications"
        ordering = ["contract", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"], name="modification_order")
        ]

    def __str__(self) -> str:
        return f"{self.contract.decp_id} modification {self.position}"


class ContractSource(models.Model):
    """One file (and platform) that published a contract, with its record as read there."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="sources", verbose_name="contrat"
    )
    name = models.CharField("fichier", max_length=300)
    platform = models.CharField("plateforme", max_length=200, blank=True)
    record = models.JSONField("enregistrement normalisé")
    changes = models.JSONField("normalisations", default=list)
    version = models.CharField("version du format", max_length=10)
    kind = models.CharField("type", max_length=12, choices=ContractKind.choices)
    fingerprint = models.CharField("empreinte", max_length=64)
    # which import last read it: a second reading within one import is a duplicate
    seen_in = models.CharField("lu par l'import", max_length=40, blank=True)
    first_seen = models.DateTimeField("vu pour la première fois le", auto_now_add=True)
    last_seen = models.DateTimeField("vu pour la dernière fois le", auto_now=True)

    class Meta:
        ordering = ["contract", "first_seen"]
        verbose_name = "source"
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="source_once_per_contract")
        ]

    def __str__(self) -> str:
        return self.name


class QuarantineStatus(models.TextChoices):
    PENDING = "pending", "À revoir"
    REIMPORTED = "reimported", "Réimporté"
    DISMISSED = "dismissed", "Écarté"


class QuarantinedRecord(models.Model):
    """A record that could not be normalised, kept as read, with one reason per field.

    Correct `raw` in the admin and re-import it (`services.reimport`); the same record read
    again from the same file is this row again, not a new one.
    """

    source = models.CharField("fichier", max_length=300)
    schema_version = models.CharField("version du format", max_length=10)
    kind = models.CharField("type", max_length=12, choices=ContractKind.choices)
    position = models.PositiveIntegerField("position dans le fichier")
    raw = models.JSONField("enregistrement")
    reasons = models.JSONField("raisons (par champ)")
    digest = models.CharField("empreinte", max_length=64)
    status = models.CharField(
        "statut", max_length=12, choices=QuarantineStatus.choices, default=QuarantineStatus.PENDING
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="contrat",
    )
    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="import"
    )
    created_at = models.DateTimeField("mis en quarantaine le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["-created_at", "position"]
        verbose_name = "enregistrement en quarantaine"
        verbose_name_plural = "enregistrements en quarantaine"
        constraints = [
            models.UniqueConstraint(fields=["source", "digest"], name="quarantine_once_per_file")
        ]

    def __str__(self) -> str:
        return f"{self.source} #{self.position}"
