"""Reading boundary files as CBS and PDOK publish them, into GeoJSON-like features in WGS84.

- GeoJSON (`.geojson`, `.json`): WGS84 longitude/latitude as RFC 7946 prescribes; an older file that names
  another projection in its `crs` member is converted when pyproj knows that projection.
- GeoPackage (`.gpkg`) and shapefile (`.shp`, or a `.zip` holding one), usually in RD New (EPSG:28992):
  read with pyogrio (GDAL, bundled in its wheel) and converted to WGS84 with pyproj (PROJ, bundled too).
  A GeoPackage with several layers needs the layer's name (`layer=`); the message lists them.

Every refusal is an `ImportFailed` naming the file (and the field where there is one); nothing is read
half. Written by hand on top of the two libraries because neither turns a file into our features alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely import from_wkb
from shapely.geometry import mapping, shape

from sociale_basis.core.imports import ImportFailed, ImportProblem

WGS84_NAMES = ("CRS84", "4326")
OGR_SUFFIXES = {".gpkg", ".shp", ".zip"}


def _fail(file: str, message: str, field: str | None = None) -> ImportFailed:
    return ImportFailed([ImportProblem(file, None, field, message)])


def _transformer(file: str, crs: Any) -> Any:
    """A function (x, y) -> (lon, lat) from `crs` to WGS84, or None when `crs` is WGS84 already."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    if crs in (None, "", {}):
        raise _fail(
            file,
            _(
                "the file does not say which projection its coordinates are in; "
                "use a file with its projection (.prj beside a shapefile, or a GeoPackage)"
            ),
            "crs",
        )
    try:
        source = CRS.from_user_input(crs)
    except CRSError:
        raise _fail(
            file, _("unknown projection %(crs)s") % {"crs": str(crs)[:200]}, "crs"
        ) from None
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None
    return Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True).transform


def _read_geojson(path: Path) -> list[dict[str, Any]]:
    file = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(file, _("the file does not exist")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(file, _("not valid GeoJSON: %(error)s") % {"error": exc}) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise _fail(file, _("not a GeoJSON FeatureCollection"))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise _fail(file, _("the file has no features"), "features")
    crs = data.get("crs")
    if crs:
        name = json.dumps(crs)
        if not any(tag in name for tag in WGS84_NAMES):
            declared = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else crs
            project = _transformer(file, declared)
            if project is not None:
                features = [_reproject(f, project) for f in features]
    return features


def _reproject(feature: Any, project: Any) -> Any:
    if not isinstance(feature, dict) or not feature.get("geometry"):
        return feature
    try:
        geom = shapely.transform(shape(feature["geometry"]), project, interleaved=False)
    except Exception:  # noqa: BLE001 - a broken geometry is reported per row by the importer
        return feature
    return {**feature, "geometry": mapping(geom)}


def _read_ogr(path: Path, layer: str | None) -> list[dict[str, Any]]:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    file = path.name
    if not path.exists():
        raise _fail(file, _("the file does not exist"))
    source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(source)]
    except DataSourceError as exc:
        raise _fail(file, _("cannot read the file: %(error)s") % {"error": exc}) from None
    if layer is None:
        if len(layers) != 1:
            raise _fail(
                file,
                _("the file has %(n)s layers; name the one to import: %(layers)s")
                % {"n": len(layers), "layers": ", ".join(layers)},
                "layer",
            )
        layer = layers[0]
    elif layer not in layers:
        raise _fail(
            file,
            _("no layer %(layer)s; the file has: %(layers)s")
            % {"layer": layer, "layers": ", ".join(layers)},
            "layer",
        )
    try:
        meta, _fids, geometry, field_data = pyogrio.raw.read(source, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise _fail(file, _("cannot read the file: %(error)s") % {"error": exc}) from None
    project = _transformer(file, meta.get("crs"))
    names = list(meta["fields"])
    features = []
    for i in range(len(geometry)):
        props = {name: _plain(field_data[j][i]) for j, name in enumerate(names)}
        geom_dict = None
        if geometry[i] is not None:
            geom = from_wkb(geometry[i])
            if project is not None and not geom.is_empty:
                geom = shapely.transform(geom, project, interleaved=False)
            geom_dict = mapping(geom)
        features.append({"type": "Feature", "properties": props, "geometry": geom_dict})
    if not features:
        raise _fail(file, _("the file has no features"), "features")
    return features


def _plain(value: Any) -> Any:
    """NumPy scalars to Python values (the importer compares and stores them as JSON)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and value != value:  # NaN: GDAL's missing number
        return None
    return value


def read_features(path: Path, *, layer: str | None = None) -> list[dict[str, Any]]:
    """The file's features with WGS84 geometry, whatever its format and projection."""
    if path.suffix.lower() in OGR_SUFFIXES:
        return _read_ogr(path, layer)
    return _read_geojson(path)
