"""croissant.json: generated from the contract, valid for mlcroissant, and readable by it.

mlcroissant reads the croissant.json of a fresh build (the session fixture `built`) and of the
committed dataset/, and yields records that must equal the Parquet rows, nested list columns
included.
"""

import dataclasses
import hashlib
import json
import logging
import socket
from pathlib import Path

import mlcroissant as mlc
import pandas as pd
import pyarrow.parquet as pq
import pytest
from mlcroissant._src.core.context import Context, CroissantVersion
from mlcroissant._src.core.rdf import make_context

from chip_export_news import __version__
from chip_export_news.export.croissant import CONFORMS_TO, croissant, field_description, file_facts
from chip_export_news.tabulate.schema import Column, ListColumn, load_contract

ROOT = Path(__file__).resolve().parents[1]

# The one warning mlcroissant 1.1.1 gives for a development version, and why it is harmless:
# schema.org/datePublished is "recommended", but a version not yet released has no release date,
# and croissant() writes no timestamps, so that a rebuild gives the same croissant.json.
HARMLESS_WARNINGS = ['Property "https://schema.org/datePublished" is recommended, but does not exist.']
# (A development version is a semver pre-release, X.Y.Z-dev, which mlcroissant accepts.)

# The contract's column types as Croissant data types (written out here, not imported, so
# that a wrong mapping in the exporter fails).
DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float",
              "boolean": "sc:Boolean", "date": "sc:Date"}

# Third-party deprecations inside rdflib and mlcroissant, not ours.
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated"),
]


@pytest.fixture(scope="module")
def contract():
    return load_contract(ROOT)


@pytest.fixture(scope="module")
def folder(built) -> Path:
    """The fresh build, with the croissant.json the build wrote."""
    return built


@pytest.fixture
def offline(monkeypatch):
    """Any attempt of mlcroissant to reach the network fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def dataset(folder, offline) -> mlc.Dataset:
    return mlc.Dataset(jsonld=folder / "croissant.json")


def metadata(folder: Path) -> dict:
    return json.loads((folder / "croissant.json").read_text(encoding="utf-8"))


def record_sets(folder: Path) -> dict[str, dict]:
    return {rs["@id"]: rs for rs in metadata(folder)["recordSet"]}


# (1) Validation ---------------------------------------------------------------------------

def test_mlcroissant_validates_the_metadata(folder, offline, caplog):
    with caplog.at_level(logging.WARNING):
        ds = mlc.Dataset(jsonld=folder / "croissant.json")  # raises ValidationError on errors
    issues = ds.metadata.ctx.issues
    assert issues.errors == set()
    unexpected = {w for w in issues.warnings if not any(h in w for h in HARMLESS_WARNINGS)}
    assert unexpected == set()
    # mlcroissant only logs (does not record as an issue) a @context missing standard keys.
    assert not [r for r in caplog.records if "@context" in r.getMessage()]
    assert ds.metadata.ctx.conforms_to == CroissantVersion(CONFORMS_TO)
    assert ds.metadata.version == __version__


def test_context_is_the_one_mlcroissant_writes_for_the_version(folder):
    # Our @context is a copy; this catches drift when mlcroissant is upgraded.
    expected = make_context(Context(conforms_to=CroissantVersion(CONFORMS_TO)))
    assert metadata(folder)["@context"] == expected


def test_dataset_level_metadata(folder, contract):
    meta = metadata(folder)
    info = contract.package
    assert meta["@type"] == "sc:Dataset"
    assert meta["conformsTo"] == CONFORMS_TO
    assert meta["name"] == info.name
    # The annotation licence, and the article texts' rights as a licence entry of their own.
    assert meta["license"][0] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["license"][1]["@type"] == "sc:CreativeWork" and meta["license"][1]["description"] == info.text_rights
    assert info.text_rights in meta["description"]
    assert "belong to their publishers" in meta["description"]
    assert meta["url"] == info.homepage
    assert meta["version"] == __version__
    assert meta["keywords"] == info.keywords
    assert info.title in meta["citeAs"] and __version__ in meta["citeAs"]
    assert [c["name"] for c in meta["creator"]] == [c.title for c in info.contributors]


def test_one_file_object_per_parquet_file_with_its_hash(folder):
    files = {fo["contentUrl"]: fo for fo in metadata(folder)["distribution"]}
    on_disk = sorted(str(p.relative_to(folder)) for p in (folder / "data").glob("*.parquet"))
    assert sorted(files) == on_disk
    for path, fo in files.items():
        data = (folder / path).read_bytes()
        assert fo["@type"] == "cr:FileObject"
        assert fo["encodingFormat"] == "application/x-parquet"
        assert fo["sha256"] == hashlib.sha256(data).hexdigest() and fo["contentSize"] == f"{len(data)} B"
        assert file_facts(folder / path) == (fo["contentSize"], fo["sha256"])


RAI = {"dataCollection": "data_collection", "dataBiases": "data_biases",
       "personalSensitiveInformation": "personal_sensitive_information", "dataUseCases": "data_use_cases",
       "dataLimitations": "data_limitations", "annotationsPerItem": "annotations_per_item",
       "dataAnnotationProtocol": "data_annotation_protocol", "dataPreprocessingProtocol": "data_preprocessing_protocol"}


def test_responsible_ai_fields_are_read_by_mlcroissant(dataset, contract):
    # What the issue asks for at least: collection, biases, personal information, intended use.
    rai = contract.package.responsible_ai
    assert {"dataCollection", "dataBiases", "personalSensitiveInformation", "dataUseCases"} <= set(rai)
    assert set(rai) <= set(RAI)
    for key, text in rai.items():
        value = getattr(dataset.metadata, RAI[key])
        assert (value if isinstance(value, str) else " ".join(value)) == text, key


def test_a_release_date_becomes_date_published(folder, contract, offline):
    import datetime

    metadata = croissant(contract, "1.0.0", folder, datetime.date(2026, 1, 2))
    assert metadata["datePublished"] == "2026-01-02"
    path = folder.parent / "released.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    issues = mlc.Dataset(jsonld=path).metadata.ctx.issues
    assert issues.errors == set() and issues.warnings == set()


def test_output_is_deterministic(folder, contract):
    first = json.dumps(croissant(contract, __version__, folder), sort_keys=False)
    second = json.dumps(croissant(contract, __version__, folder), sort_keys=False)
    assert first == second
    assert not {"datePublished", "dateCreated", "dateModified"} & set(json.loads(first))


# (2) Records read through mlcroissant ----------------------------------------------------

def _plain(value):
    """mlcroissant's values as Parquet's: sc:Text comes back as bytes, sc:Date as Timestamp."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[1]: _plain(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _records(ds: mlc.Dataset, name: str) -> list[dict]:
    return [_plain(record) for record in ds.records(record_set=name)]


def _rows(folder: Path, name: str) -> list[dict]:
    return pq.read_table(folder / "data" / f"{name}.parquet").to_pylist()


def test_documents_read_through_mlcroissant(dataset, folder):
    records = _records(dataset, "documents")
    rows = _rows(folder, "documents")
    assert len(records) == len(rows) > 0
    assert {r["document_id"] for r in records} == {r["document_id"] for r in rows}
    # Nulls survive, dates come back as dates.
    assert [r["published"] for r in records] == [r["published"] for r in rows]


def test_mentions_read_through_mlcroissant(dataset, folder):
    # mentions references documents and entities: mlcroissant joins them on read, which
    # must neither add nor drop rows.
    records = _records(dataset, "mentions")
    rows = _rows(folder, "mentions")
    assert len(records) == len(rows) > 0
    assert sorted(r["mention_id"] for r in records) == sorted(r["mention_id"] for r in rows)


@pytest.mark.parametrize("name", list(load_contract(ROOT).nested))
def test_nested_list_columns_read_through_mlcroissant(dataset, folder, contract, name):
    records, rows = _records(dataset, name), _rows(folder, name)
    assert len(records) == len(rows) > 0
    list_columns = [c.name for c in contract.nested[name].columns if isinstance(c, ListColumn)]
    assert list_columns
    for record, row in zip(records, rows):
        for column in list_columns:
            # A list of records, each with its struct fields, in the Parquet order.
            assert record[column] == row[column], column
    assert any(row[c] for row in rows for c in list_columns)  # not a vacuous comparison


def _typed(value):
    """Values with their types, so that 1 and 1.0 or True and 1 do not compare equal."""
    if isinstance(value, dict):
        return {key: _typed(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_every_record_set_reads_back_as_its_parquet_rows(dataset, folder, contract):
    for name in [*contract.tables, *contract.nested]:
        assert _typed(_records(dataset, name)) == _typed(_rows(folder, name)), name


def test_the_committed_croissant_json_reads_back_as_the_committed_tables(offline, contract):
    committed = ROOT / "dataset"
    ds = mlc.Dataset(jsonld=committed / "croissant.json")
    assert ds.metadata.ctx.issues.errors == set()
    for name in [*contract.tables, *contract.nested]:
        assert _typed(_records(ds, name)) == _typed(_rows(committed, name)), name


# (3) Generated from the schema -------------------------------------------------------------

def test_every_column_is_a_field(folder, contract):
    sets = record_sets(folder)
    assert list(sets) == [*contract.tables, *contract.nested]
    for name, table in contract.tables.items():
        fields = sets[name]["field"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        assert [f["name"] for f in fields] == pq.read_schema(folder / "data" / f"{name}.parquet").names
        for field, column in zip(fields, table.columns):
            assert field["@id"] == f"{name}/{column.name}"
            assert field["dataType"] == DATA_TYPES[column.type]
            assert field["description"].startswith(column.description)
            assert field["source"] == {"fileObject": {"@id": f"{name}.parquet"},
                                       "extract": {"column": column.name}}
        key = sets[name]["key"]
        key = key if isinstance(key, list) else [key]
        assert [k["@id"] for k in key] == [f"{name}/{c}" for c in table.primary_key]
        references = {f["name"]: f["references"]["field"]["@id"] for f in fields if "references" in f}
        assert references == {c: f"{fk.resource}/{r}" for fk in table.foreign_keys
                              for c, r in zip(fk.fields, fk.reference)}


def test_nested_list_columns_are_arrays_of_subfields(folder, contract):
    sets = record_sets(folder)
    for name, table in contract.nested.items():
        fields = sets[name]["field"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        assert [f["name"] for f in fields] == pq.read_schema(folder / "data" / f"{name}.parquet").names
        for field, column in zip(fields, table.columns):
            if isinstance(column, Column):
                assert field["dataType"] == DATA_TYPES[column.type]
                continue
            assert field["isArray"] is True and "dataType" not in field
            assert [s["name"] for s in field["subField"]] == [f.name for f in column.fields]
            for sub, inner in zip(field["subField"], column.fields):
                assert sub["@id"] == f"{name}/{column.name}/{inner.name}"
                assert sub["dataType"] == DATA_TYPES[inner.type]
                assert sub["source"]["extract"] == {"column": column.name}
                assert sub["source"]["transform"] == {"jsonPath": inner.name}


def test_vocabulary_values_are_in_the_field_description(contract):
    columns = [c for t in contract.tables.values() for c in t.columns if c.vocabulary]
    assert columns
    for column in columns:
        text = field_description(contract, column)
        assert all(value in text for value in contract.enum(column))


def test_a_new_column_in_the_contract_becomes_a_field(folder, contract):
    # Nothing is typed by hand: a column added to the contract shows up, typed and described.
    name = next(iter(contract.tables))
    table = contract.tables[name]
    extra = Column(name="zz_added_for_test", type="date", description="Only in this test.")
    changed = dataclasses.replace(
        contract, tables={**contract.tables, name: table.model_copy(update={"columns": [*table.columns, extra]})})
    fields = {rs["@id"]: rs for rs in croissant(changed, __version__, folder)["recordSet"]}[name]["field"]
    assert fields[-1]["@id"] == f"{name}/{extra.name}"
    assert fields[-1]["dataType"] == "sc:Date"
    assert fields[-1]["description"] == "Only in this test."
