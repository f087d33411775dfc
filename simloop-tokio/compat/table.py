"""Prints the compat table of run.sh: per file, tests passed / failed / ignored, or why the
file did not compile; then every failure with its class from classification.txt."""

import os
import re
import sys

version, results, classification, tests_dir, *files = sys.argv[1:]
version = version.removeprefix("tokio-")

classes = {}
if os.path.exists(classification):
    for line in open(classification):
        line = line.strip()
        if line and not line.startswith("#"):
            key, cls, *why = line.split(None, 2)
            classes[key] = (cls, why[0] if why else "")


def test_count(file):
    """Test functions in a file that did not compile: its test attributes."""
    text = open(os.path.join(tests_dir, file + ".rs")).read()
    return len(re.findall(r"#\[(?:tokio::|maybe_tokio_test|test\b)[^\]]*\]", text))


def reason(block):
    lines = block.splitlines()
    for line in lines:
        if line.startswith("simloop: ") and not line.startswith("simloop: explore:"):
            return line.strip()[:200]
    for i, line in enumerate(lines):
        if "panicked at" in line:
            rest = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return (line.strip() + " " + rest)[:200]
    return (lines[-1].strip() if lines else "no output")[:200]


rows, failures = [], []
totals = dict(passed=0, failed=0, ignored=0, uncompiled=0)
for file in files:
    status = open(os.path.join(results, file + ".status")).read().strip()
    if status == "did-not-compile":
        build = open(os.path.join(results, file + ".build")).read()
        errors = []
        for line in build.splitlines():
            if "error" in line and ("error[" in line or ": error:" in line):
                msg = line.split("error", 1)[1].strip(": ")
                if msg not in errors:
                    errors.append(msg)
        n = test_count(file)
        totals["uncompiled"] += n
        rows.append((file, "-", "-", "-", f"did not compile ({n} tests)", "; ".join(errors[:3])[:300]))
        key = f"{file}::*"
        cls, why = classes.get(key, ("unclassified", ""))
        failures.append((key, "did not compile", cls, why or "; ".join(errors[:2])[:200]))
        continue
    tests = [line.split("\t") for line in open(os.path.join(results, file + ".tests")).read().splitlines()]
    ok = [n for n, st in tests if st == "ok"]
    bad = [n for n, st in tests if st in ("FAILED", "timeout")]
    ign = [n for n, st in tests if st == "ignored"]
    totals["passed"] += len(ok)
    totals["failed"] += len(bad)
    totals["ignored"] += len(ign)
    rows.append((file, len(ok), len(bad), len(ign), "compiled", ""))
    for name, st in tests:
        if st not in ("FAILED", "timeout"):
            continue
        out = open(os.path.join(results, f"{file}.{name}.out")).read()
        observed = f"no result within the time limit" if st == "timeout" else reason(out)
        key = f"{file}::{name}"
        cls, why = classes.get(key, ("unclassified", ""))
        failures.append((key, observed, cls, why))

print(f"## tokio {version}'s tests against simloop-tokio (--cfg simloop)\n")
print("| file | passed | failed | ignored | build | notes |")
print("| --- | --- | --- | --- | --- | --- |")
for row in rows:
    print("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
run = totals["passed"] + totals["failed"] + totals["uncompiled"]
pct = 100.0 * totals["passed"] / run if run else 0.0
print(f"\ntotal: {totals['passed']} passed, {totals['failed']} failed, "
      f"{totals['uncompiled']} in files that did not compile, {totals['ignored']} ignored: "
      f"{pct:.1f}% of {run} test functions pass")
if failures:
    print("\n| failure | observed | class | why |")
    print("| --- | --- | --- | --- |")
    for key, observed, cls, why in failures:
        print(f"| {key} | {observed.replace('|', '/')} | {cls} | {why} |")
