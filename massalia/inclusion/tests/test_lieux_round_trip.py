import csv
import io

from massalia.inclusion import exporters
from massalia.inclusion.importers import LieuxImporter
from massalia.inclusion.models import Service, Structure


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_it_gives_the_example_back_field_by_field(imported_example, lieux_example):
    assert imported_example.created == 1 and imported_example.rejected == 0
    out = io.StringIO()
    exporters.write_lieux(Structure.objects.order_by("pk"), out)
    given = _rows(lieux_example.read_text(encoding="utf-8-sig"))
    back = _rows(out.getvalue())
    assert len(back) == len(given) == 1
    for name, value in given[0].items():
        assert back[0][name] == value, name
    assert list(back[0]) == list(given[0])


def test_it_makes_the_lieu_searchable_as_a_service(imported_example):
    service = Service.objects.get()
    assert "numerique--maitriser-les-fondamentaux-du-numerique" in service.tags("thematiques")
    assert service.tags("publics") == ["jeunes", "femmes"]
    assert service.tags("modes_accueil") == ["en-presentiel", "a-distance"]
    assert service.frais == "gratuit"
    assert Structure.objects.get().tags("langues") == ["fr", "fsl", "en"]


def test_it_changes_nothing_when_run_again(imported_example, lieux_example):
    again = LieuxImporter(lieux_example).run(source="again")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
