#!/usr/bin/env python3
"""Generates a large government folder for benchmarking `nifcheck report` and the gap analysis.

    python3 benches/gen_government.py --agencies 500 [--seed 7] [--out bench-data/government-500]

Per agency: 4 services (3 operations each), 10 exchanges and 40 samples, so 500 agencies give
2,000 services, 5,000 exchanges and 20,000 samples, on four levels (10% national, 20%
provincial, 30% district, 40% local). The framework is the reference framework with the
generated agencies added to its agency register. Deterministic for a seed; the output goes
under bench-data/, which is never committed.
"""
import argparse
import json
import os
import random
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STD = "https://nif.gov.example/standards/{0}/{1}/{0}.schema.json"
LEVELS = [("national", 0.1), ("provincial", 0.2), ("district", 0.3), ("local", 0.4)]

# Response schemas a service may answer with: references to standards (most), and schemas
# of its own (some of them copies of person: silos).
STANDARD_RESPONSES = [("person", "1.2.0"), ("person", "1.1.0"), ("person", "1.0.0"),
                      ("address", "2.0.0"), ("address", "1.0.0"), ("organisation", "1.0.0")]


def own_record(rng, n):
    fields = {f"field{i}": {"type": rng.choice(["string", "integer", "boolean"])} for i in range(rng.randint(3, 8))}
    required = sorted(rng.sample(sorted(fields), rng.randint(1, len(fields))))
    return {"type": "object", "required": required, "properties": fields, "x-shape": n % 40}


def person_copy(rng):
    names = rng.choice([("nin", "name", "birthDate"), ("nationalId", "fullName", "dateOfBirth")])
    return {"type": "object", "required": list(names),
            "properties": {names[0]: {"type": "string", "pattern": "^[0-9]{11}$"},
                           names[1]: {"type": "object"},
                           names[2]: {"type": "string", "format": "date"},
                           "sex": {"type": "string"}}}


def openapi(agency, service, operations):
    paths, schemas = {}, {}
    for op, schema in operations:
        if "$ref" not in schema:
            schemas[op + "Result"] = schema
            schema = {"$ref": f"#/components/schemas/{op}Result"}
        paths[f"/{op.lower()}"] = {"get": {"operationId": op, "responses": {
            "200": {"description": "The record.", "content": {"application/json": {"schema": schema}}}}}}
    doc = {"openapi": "3.1.0", "info": {"title": f"{agency} {service}", "version": "1.0.0"}, "paths": paths}
    if schemas:
        doc["components"] = {"schemas": schemas}
    return doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.agencies
    out = args.out or os.path.join(ROOT, "bench-data", f"government-{n}")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "schemas", "reference"), os.path.join(out, "framework"))

    agencies, by_level = [], {}
    for level, share in LEVELS:
        for i in range(max(1, round(n * share))):
            if len(agencies) >= n:
                break
            above = by_level.get(LEVELS[[l for l, _ in LEVELS].index(level) - 1][0]) if level != "national" else None
            agency = {"id": f"b-{level[:4]}-{i:04d}", "level": level, "parent": rng.choice(above) if above else None}
            agencies.append(agency)
            by_level.setdefault(level, []).append(agency["id"])
    with open(os.path.join(out, "framework", "codelists", "agency.csv"), "a") as register:
        for a in agencies:
            register.write(f"{a['id']},Agency {a['id']},,,{a['level']},{a['parent'] or ''}\n")

    # Services first: exchanges name them.
    provided = []
    for a in agencies:
        a["services"] = []
        for s in range(4):
            ops = []
            for o in range(3):
                kind = rng.random()
                if kind < 0.75:
                    std, ver = rng.choice(STANDARD_RESPONSES)
                    ops.append((f"get{s}{o}", {"$ref": STD.format(std, ver)}, f"{std}@{ver}"))
                elif kind < 0.8:
                    ops.append((f"get{s}{o}", person_copy(rng), None))
                else:
                    ops.append((f"get{s}{o}", own_record(rng, rng.randrange(1000)), None))
            a["services"].append((f"svc-{s}", ops))
            provided.append((a["id"], f"svc-{s}", ops))

    samples_total = 0
    for a in agencies:
        d = os.path.join(out, "agencies", a["id"])
        os.makedirs(os.path.join(d, "samples"))
        os.makedirs(os.path.join(d, "schemas"))
        lines = ["[agency]", f'id = "{a["id"]}"', f'name = "Agency {a["id"]}"', f'level = "{a["level"]}"']
        if a["parent"]:
            lines.append(f'parent = "{a["parent"]}"')
        for service, ops in a["services"]:
            with open(os.path.join(d, f"{service}.json"), "w") as f:
                json.dump(openapi(a["id"], service, [(o, s) for o, s, _ in ops]), f, indent=1)
            claims = sorted({c for _, _, c in ops if c})
            lines += ["", "[[services]]", f'id = "{service}"', f'openapi = "{service}.json"',
                      "implements = [" + ", ".join(f'"{c}"' for c in claims) + "]"]
        # Expected schemas of this agency: open ones, and ones that require an optional field.
        with open(os.path.join(d, "schemas", "open.schema.json"), "w") as f:
            json.dump({"type": "object"}, f)
        with open(os.path.join(d, "schemas", "with-sex.schema.json"), "w") as f:
            json.dump({"type": "object", "required": ["sex"]}, f)
        for _ in range(10):
            producer, service, ops = rng.choice(provided)
            while producer == a["id"]:
                producer, service, ops = rng.choice(provided)
            op, _, claim = rng.choice(ops)
            roll = rng.random()
            if roll < 0.02:
                op = op + "Old"
            if claim and roll < 0.7:
                std = claim.split("@")[0]
                expects = f"{std}@^{rng.choice(['1', '2', '1.2'])}"
            else:
                expects = rng.choice(["schemas/open.schema.json", "schemas/with-sex.schema.json"])
            lines += ["", "[[consumes]]", f'agency = "{producer}"', f'service = "{service}"',
                      f'operation = "{op}"', f'expects = "{expects}"']
        for k in range(40):
            with open(os.path.join(d, "samples", f"person-{k:03d}.json"), "w") as f:
                json.dump({"nin": f"{rng.randrange(10**11):011d}", "name": {"givenName": "Ana", "familyName": f"N{k}"},
                           "birthDate": f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}, f)
        samples_total += 40
        lines += ["", "[[samples]]", 'files = "samples/person-*.json"', 'standard = "person@1.2.0"']
        with open(os.path.join(d, "agency.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")

    with open(os.path.join(out, "government.toml"), "w") as f:
        f.write(f'[government]\nname = "Benchmark government of {n} agencies"\nframework = "framework"\n'
                f'agencies = ["agencies/*"]\nas-of = "2026-06-30"\n')
    print(f"{out}: {len(agencies)} agencies, {len(provided)} services, {10 * len(agencies)} exchanges, "
          f"{samples_total} samples")


if __name__ == "__main__":
    main()
