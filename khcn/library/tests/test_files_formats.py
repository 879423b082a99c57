"""Dataset formats through the upload checks (``khcn.core.uploads``): CSV, GeoJSON, NetCDF,
zipped shapefiles each accepted as what they are; a file whose content is not its extension,
and a zip bomb, refused with the reason."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khcn.core.exceptions import DomainError
from khcn.core.uploads import DATASET_KINDS, accept_attribute, check_upload, sniff
from khcn.library.services.records import FILE_KINDS
from khcn.library.tests import samples


def _check(data: bytes, name: str, **kwargs):
    return check_upload(SimpleUploadedFile(name, data), kinds=FILE_KINDS, **kwargs)


def _refused(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(DomainError) as exc:
        _check(data, name, **kwargs)
    assert exc.value.message
    return exc.value.code


@pytest.mark.parametrize(
    ("data", "name", "kind", "stored_as"),
    [
        (samples.csv_bytes(samples.CLIMATE_ROWS), "nhiet-do.csv", "csv", "nhiet-do.csv"),
        (
            samples.csv_bytes(samples.CLIMATE_ROWS, bom=True),
            "Nhiệt độ (BOM).csv",
            "csv",
            "Nhiệt độ (BOM).csv",
        ),
        (b"nam\tmua\n2024\t2350\n", "mua.tsv", "csv", "mua.csv"),
        (samples.geojson_bytes(), "tram.geojson", "geojson", "tram.geojson"),
        (b'{"type": "Point", "coordinates": [105.1, 9.2]}', "diem.json", "geojson", "diem.geojson"),
        (samples.NETCDF_CLASSIC, "kich-ban.nc", "netcdf", "kich-ban.nc"),
        (b"CDF\x02" + bytes(28), "kich-ban-64bit.nc", "netcdf", "kich-ban-64bit.nc"),
        (samples.NETCDF_HDF5, "kich-ban-4.nc", "netcdf", "kich-ban-4.nc"),
        (samples.shapefile_zip(), "ranh-gioi.zip", "shapefile", "ranh-gioi.zip"),
    ],
)
def test_each_dataset_kind_is_accepted_by_its_content(data, name, kind, stored_as):
    checked = _check(data, name)
    assert (checked.kind.code, checked.name) == (kind, stored_as)


def test_the_library_accepts_the_dataset_kinds_and_offers_them_in_the_file_picker():
    assert set(DATASET_KINDS) <= set(FILE_KINDS)
    accept = accept_attribute(FILE_KINDS).split(",")
    assert {".csv", ".geojson", ".json", ".nc", ".zip", ".pdf"} <= set(accept)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "so-lieu.csv"),  # an image named as a table
        (b"%PDF-1.4\n", "so-lieu.csv"),
        (b"nam,mua\n2024,\x00\x01\x02\n", "nhi-phan.csv"),  # binary
        ("năm,mưa\n".encode("utf-16"), "utf16.csv"),  # not UTF-8
        (b"<html><script>alert(1)</script></html>", "trang.csv"),  # markup
        (b"nam,mua\n2024,2350\n", "bang.geojson"),  # a table named as GeoJSON
        (b'{"type": "Unknown", "x": 1}', "khong-phai.geojson"),  # JSON, not GeoJSON
        (b"[1, 2, 3]", "mang.json"),
        (samples.NETCDF_CLASSIC[:3] + b"\x09" + bytes(28), "sai.nc"),
        (b"nam,mua\n", "bang.nc"),
    ],
)
def test_a_file_whose_content_is_not_its_extension_is_refused(data, name):
    assert _refused(data, name) in ("upload_mismatch", "upload_type")


def test_a_mismatch_names_the_file_and_its_extension():
    with pytest.raises(DomainError) as exc:
        _check(b"%PDF-1.4\n", "so-lieu.csv")
    assert exc.value.code == "upload_mismatch"
    assert "so-lieu.csv" in exc.value.message and ".csv" in exc.value.message


def test_hdf5_is_netcdf_only_when_named_so_and_text_needs_a_name():
    assert sniff(samples.NETCDF_HDF5, "kich-ban.nc") == "netcdf"
    assert sniff(samples.NETCDF_HDF5, "kich-ban.h5") is None
    assert sniff(b"nam,mua\n") is None  # text without a name: not a kind (plans keep refusing HTML)
    assert _refused(samples.NETCDF_HDF5, "kich-ban.h5") == "upload_type"


def test_strict_refuses_any_known_extension_on_other_content():
    pdf = samples.text_pdf([["x"]])
    assert check_upload(SimpleUploadedFile("bao-cao.docx", pdf), kinds=FILE_KINDS).kind.code == "pdf"
    assert _refused(pdf, "bao-cao.docx", strict=True) == "upload_mismatch"
    assert _check(samples.shapefile_zip(), "ranh-gioi.zip", strict=True).kind.code == "shapefile"


def test_a_zip_bomb_is_refused_even_as_a_shapefile():
    assert _refused(samples.zip_bomb(), "so-lieu.zip") == "upload_archive_bomb"
    bomb = samples.zipped({"a.shp": bytes(100), "a.shx": bytes(100), "a.dbf": b"\x00" * (3 * 1024 * 1024)})
    assert sniff(bomb) == "shapefile"
    assert _refused(bomb, "ranh-gioi.zip") == "upload_archive_bomb"


def test_a_zipped_shapefile_is_a_zip_where_only_zips_are_accepted():
    checked = check_upload(SimpleUploadedFile("ranh-gioi.zip", samples.shapefile_zip()), kinds=("zip",))
    assert checked.kind.code == "zip"
    with pytest.raises(DomainError):  # and what is inside is checked like any zip
        check_upload(
            SimpleUploadedFile(
                "x.zip", samples.zipped({"a.shp": b"", "a.shx": b"", "a.dbf": b"", "b.exe": b"MZ"})
            ),
            kinds=FILE_KINDS,
        )
