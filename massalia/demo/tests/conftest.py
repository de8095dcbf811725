from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def loaddemo(db):
    """Run `massalia loaddemo` with the given options; return what it printed."""
    pytest.importorskip("massalia.territory.approximate")

    def run(**options: object) -> str:
        out = StringIO()
        call_command("loaddemo", stdout=out, **options)
        return out.getvalue()

    return run
