import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from massalia.core.uploads import UploadRejected, accept_image


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (43.0, 17.0, 47.0)  # GPSLatitude
    gps[1] = "N"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_strips_exif_and_gps(db):
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)
    upload = accept_image(SimpleUploadedFile("photo.jpg", raw, content_type="image/jpeg"))
    stored = Image.open(upload.file.path)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert b"CameraMaker" not in upload.file.read()
    assert (upload.width, upload.height) == (64, 48)


def test_it_sniffs_the_content_not_the_name(db):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    upload = accept_image(
        SimpleUploadedFile("looks.jpg", out.getvalue(), content_type="image/jpeg")
    )
    assert upload.content_type == "image/png"


def test_it_rejects_a_script_disguised_as_an_image(db):
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(UploadRejected, match="pas une image"):
        accept_image(fake)


def test_it_rejects_a_truncated_image(db):
    raw = jpeg_with_gps()[:200]
    with pytest.raises(UploadRejected, match="illisible"):
        accept_image(SimpleUploadedFile("photo.jpg", raw))


def test_it_caps_the_size(db, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRejected, match="taille maximale"):
        accept_image(SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * 2000))


def test_it_refuses_a_decompression_bomb(db, settings):
    settings.UPLOAD_MAX_PIXELS = 10_000
    out = io.BytesIO()
    Image.new("L", (2000, 2000)).save(out, format="PNG")  # tiny file, 4 Mpx
    with pytest.raises(UploadRejected, match="trop grande"):
        accept_image(SimpleUploadedFile("bomb.png", out.getvalue()))


def test_it_shrinks_huge_photos(db, settings):
    settings.UPLOAD_MAX_SIDE = 100
    out = io.BytesIO()
    Image.new("RGB", (400, 200)).save(out, format="JPEG")
    upload = accept_image(SimpleUploadedFile("big.jpg", out.getvalue()))
    assert max(Image.open(upload.file.path).size) == 100
