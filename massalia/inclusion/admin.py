from django.contrib import admin

from massalia.inclusion.models import Service, Structure


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["nom", "thematiques", "frais", "publics", "modes_accueil", "horaires"]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "quartier", "source", "date_maj"]
    list_filter = ["source", "is_mediation"]
    search_fields = ["nom", "adresse", "ident"]
    raw_id_fields = ["quartier"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["nom", "structure", "frais", "date_maj"]
    list_filter = ["source", "frais"]
    search_fields = ["nom", "structure__nom", "ident"]
    raw_id_fields = ["structure"]
