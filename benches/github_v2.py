#!/usr/bin/env python3
"""Writes a second version of the GitHub REST description for the diff benchmark: one operation
removed, one query parameter made required, one response enum widened. Deterministic."""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    doc = json.load(f)
paths = sorted(doc["paths"])
doc["paths"].pop(paths[5])
item = doc["paths"][paths[10]]
method = next(m for m in ("get", "post", "put", "patch", "delete") if m in item)
item[method].setdefault("parameters", []).append(
    {"name": "purpose", "in": "query", "required": True, "schema": {"type": "string"}}
)
for name, schema in sorted(doc.get("components", {}).get("schemas", {}).items()):
    props = schema.get("properties", {})
    state = props.get("state")
    if isinstance(state, dict) and isinstance(state.get("enum"), list):
        state["enum"].append("archived-by-benchmark")
        break
with open(target, "w", encoding="utf-8") as f:
    json.dump(doc, f)
