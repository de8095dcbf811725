"""Where: arrondissements, quartiers, sector town halls, streets, and departments' coverage.

Geometries are stored as GeoJSON (so SQLite and PostgreSQL hold the same data without GIS
extensions); `massalia.territory.geo` builds an in-memory spatial index over them.
"""

from __future__ import annotations

from django.db import models


class SectorTownHall(models.Model):
    """A "mairie de secteur": Marseille has 8, each for two arrondissements."""

    number = models.PositiveSmallIntegerField(unique=True, verbose_name="numéro")
    name = models.CharField(max_length=120, verbose_name="nom")
    address = models.CharField(max_length=200, blank=True, verbose_name="adresse")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "mairie de secteur"
        verbose_name_plural = "mairies de secteur"

    def __str__(self) -> str:
        return self.name


class Arrondissement(models.Model):
    insee_code = models.CharField(max_length=5, unique=True, verbose_name="code INSEE")
    number = models.PositiveSmallIntegerField(unique=True, verbose_name="numéro")
    name = models.CharField(max_length=80, verbose_name="nom")
    postcode = models.CharField(max_length=5, verbose_name="code postal")
    sector = models.ForeignKey(
        SectorTownHall,
        on_delete=models.PROTECT,
        related_name="arrondissements",
        null=True,
        verbose_name="mairie de secteur",
    )
    geometry = models.JSONField(null=True, blank=True, verbose_name="géométrie")
    reference_latitude = models.FloatField(verbose_name="latitude de référence")
    reference_longitude = models.FloatField(verbose_name="longitude de référence")
    is_approximate = models.BooleanField(default=True, verbose_name="contour approximatif")

    class Meta:
        verbose_name = "arrondissement"
        verbose_name_plural = "arrondissements"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Quartier(models.Model):
    name = models.CharField(max_length=120, verbose_name="nom")
    slug = models.SlugField(max_length=120, unique=True, verbose_name="identifiant d'URL")
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.PROTECT, related_name="quartiers"
    )
    geometry = models.JSONField(verbose_name="géométrie")
    centroid_latitude = models.FloatField(verbose_name="latitude du centre")
    centroid_longitude = models.FloatField(verbose_name="longitude du centre")
    is_approximate = models.BooleanField(default=False, verbose_name="contour approximatif")

    class Meta:
        verbose_name = "quartier"
        verbose_name_plural = "quartiers"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'LA JOLIETTE' as published → 'La Joliette' for pages."""
        return _title(self.name)


class Street(models.Model):
    """A street, square or place of the gazetteer, with a representative point."""

    name = models.CharField(max_length=200, verbose_name="nom")
    normalized = models.CharField(max_length=200, db_index=True, verbose_name="nom normalisé")
    quartier = models.ForeignKey(
        Quartier, on_delete=models.SET_NULL, null=True, blank=True, related_name="streets"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = "voie"
        verbose_name_plural = "voies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized", "quartier"], name="one_street_per_quartier"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A city department ("direction" or "service") that handles demands."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, verbose_name="nom")
    email = models.EmailField(blank=True, verbose_name="adresse électronique")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "service municipal"
        verbose_name_plural = "services municipaux"

    def __str__(self) -> str:
        return self.name


class Coverage(models.Model):
    """Which department handles a category of demand, in one arrondissement or city-wide.

    The category is a code chosen by the domain (e.g. a request type's code). A row with an
    arrondissement wins over the city-wide row (arrondissement empty).
    """

    category = models.CharField(max_length=60, db_index=True, verbose_name="catégorie")
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.CASCADE, null=True, blank=True
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="coverage",
        verbose_name="service municipal",
    )

    class Meta:
        verbose_name = "couverture"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "arrondissement"], name="one_department_per_category_and_place"
            )
        ]

    def __str__(self) -> str:
        where = self.arrondissement or "toute la ville"
        return f"{self.category} / {where} → {self.department}"


_SMALL = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "sur", "en", "aux", "au"}


def _title(name: str) -> str:
    words = name.lower().replace("-", " - ").split()
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL:
            out.append(word)
        elif "'" in word:
            head, _, tail = word.partition("'")
            out.append(f"{head}'{tail.capitalize()}" if head in ("l", "d") else word.capitalize())
        else:
            out.append(word.capitalize())
    return " ".join(out).replace(" - ", "-")
