"""Writes a dossier tree (the JSON form) as XML, in either style dossier-format.md allows:
scalars as attributes, or every field as a child element. Lists become container elements with
one item element each, named as the kind schema's `xmlItem` says."""

import json
import os
from xml.sax.saxutils import escape, quoteattr

SCHEMAS = os.path.join(os.path.dirname(__file__), "..", "..", "Rules", "schemas")


def load_schemas():
    out = {}
    for name in sorted(os.listdir(SCHEMAS)):
        if name.endswith(".json"):
            with open(os.path.join(SCHEMAS, name)) as f:
                s = json.load(f)
            out[s["properties"]["kind"]["const"]] = s
    return out


def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _object(name, obj, schema, style, indent, out, root_attrs=""):
    props = (schema or {}).get("properties", {})
    attrs = []
    children = []
    for key, value in obj.items():
        if key == "kind" and root_attrs is not None and indent == 0:
            continue
        field = props.get(key, {})
        if isinstance(value, (dict, list)) or style == "elements":
            children.append((key, value, field))
        else:
            attrs.append("%s=%s" % (key, quoteattr(_scalar(value))))
    pad = "  " * indent
    head = "<%s%s%s" % (name, root_attrs or "", "".join(" " + a for a in attrs))
    if not children:
        out.append(pad + head + "/>")
        return
    out.append(pad + head + ">")
    for key, value, field in children:
        _value(key, value, field, style, indent + 1, out)
    out.append(pad + "</%s>" % name)


def _value(name, value, schema, style, indent, out):
    pad = "  " * indent
    if isinstance(value, dict):
        _object(name, value, schema, style, indent, out, root_attrs=None)
    elif isinstance(value, list):
        item = (schema or {}).get("xmlItem", "item")
        if not value:
            out.append(pad + "<%s/>" % name)
            return
        out.append(pad + "<%s>" % name)
        for v in value:
            _value(item, v, (schema or {}).get("items"), style, indent + 1, out)
        out.append(pad + "</%s>" % name)
    else:
        out.append(pad + "<%s>%s</%s>" % (name, escape(_scalar(value)), name))


def to_xml(doc, style="attributes", schemas=None):
    schemas = schemas or load_schemas()
    kind = doc["kind"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    _object(kind, doc, schemas.get(kind), style, 0, out, root_attrs="")
    return "\n".join(out) + "\n"
