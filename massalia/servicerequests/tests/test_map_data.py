import gzip
import json

from massalia.servicerequests import services
from massalia.testing import INSIDE


def test_the_map_data_is_sent_compressed(client, city):
    lat, lon = INSIDE["NOAILLES"]
    for n in range(5):
        services.submit_request(
            request_type=city.types["tags"],
            description=f"Tag {n}",
            latitude=lat,
            longitude=lon,
            requester=city.people["alice"],
        )
    response = client.get("/demandes.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(b"".join(response.streaming_content)))["features"]) == 5
