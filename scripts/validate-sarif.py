#!/usr/bin/env python3
"""Validates a SARIF report against the official SARIF 2.1.0 JSON schema.

usage: validate-sarif.py REPORT.sarif SCHEMA.json
Exits 0 when valid; prints every schema error and exits 1 otherwise."""

import json
import sys

import jsonschema


def main():
    report_path, schema_path = sys.argv[1], sys.argv[2]
    with open(report_path) as f:
        report = json.load(f)
    with open(schema_path) as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    for e in errors:
        print("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message))
    results = sum(len(run.get("results", [])) for run in report.get("runs", []))
    if errors:
        print("SARIF report %s: %d schema errors" % (report_path, len(errors)))
        return 1
    print("SARIF report %s is valid SARIF 2.1.0 (%d results)" % (report_path, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
