#!/usr/bin/env python3
"""Checks that every justice_* metric an alert rule uses is one the services define.

Reads the instruments created in the C# sources (CreateCounter / CreateHistogram /
CreateObservableGauge / CreateGauge / CreateUpDownCounter with a "justice..." name and its unit)
and derives the names the OpenTelemetry collector's Prometheus exporter gives them: dots become
underscores, unit "s" adds _seconds (annotations in braces add nothing), counters end in _total,
histograms give _bucket, _sum and _count. Exits non-zero naming each unknown metric.

    check_metric_names.py alerts.yml SOURCE_DIR [SOURCE_DIR ...]
"""
import pathlib
import re
import sys

INSTRUMENT = re.compile(
    r'Create(?P<kind>Counter|Histogram|ObservableGauge|Gauge|UpDownCounter|ObservableCounter|ObservableUpDownCounter)'
    r'(?:<[^>]+>)?\(\s*"(?P<name>justice\.[a-z0-9_.]+)"(?P<rest>[^;]*)', re.S)
UNITS = {"s": "seconds", "ms": "milliseconds", "By": "bytes"}


def unit_of(rest: str) -> str:
    # The unit: the first string after the name shaped like one (an observable's callback may hold other strings).
    for text in re.findall(r'"((?:[^"\\]|\\.)*)"', rest):
        if re.fullmatch(r"\{[^}]*\}|s|ms|By|1|%", text):
            return text
    return ""


def exported_names(kind: str, name: str, unit: str) -> set[str]:
    base = name.replace(".", "_")
    suffix = UNITS.get(unit)
    if suffix and not base.endswith("_" + suffix):
        base += "_" + suffix
    if kind in ("Counter", "ObservableCounter"):
        return {base + "_total"}
    if kind == "Histogram":
        return {base + "_bucket", base + "_sum", base + "_count"}
    return {base}


def main() -> int:
    rules, sources = pathlib.Path(sys.argv[1]), sys.argv[2:]
    defined: dict[str, str] = {}
    for directory in sources:
        for path in pathlib.Path(directory).rglob("*.cs"):
            if any(part in ("bin", "obj") for part in path.parts):
                continue
            for match in INSTRUMENT.finditer(path.read_text(encoding="utf-8")):
                for exported in exported_names(match["kind"], match["name"], unit_of(match["rest"])):
                    defined[exported] = match["name"]
    used = set(re.findall(r"\bjustice_[a-z0-9_]+", rules.read_text(encoding="utf-8")))
    unknown = sorted(used - defined.keys())
    for name in unknown:
        print(f"{rules}: {name} is not a metric the services define", file=sys.stderr)
    print(f"{len(used)} metrics used by the rules, {len(defined)} defined, {len(unknown)} unknown")
    return 1 if unknown or not used else 0


if __name__ == "__main__":
    sys.exit(main())
