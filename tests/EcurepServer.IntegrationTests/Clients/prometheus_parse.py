#!/usr/bin/python3
"""Parses Prometheus text from standard input with prometheus_client's parser (which raises on malformed text) and
prints every sample as one JSON line: {"name": ..., "labels": {...}, "value": ..., "family": ..., "type": ...}."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        print(json.dumps({"name": sample.name, "labels": sample.labels, "value": sample.value,
                          "family": family.name, "type": family.type}))
