#!/usr/bin/env python3
"""The JSON Lines contract under Spark: `boilerclean clean --jsonl` as the command of `RDD.pipe` in local
mode. Checks that every record comes back, in order, with its other fields intact, malformed lines
passed through, and that the result equals a direct run of the tool.

    python3 Tests/Spark/jsonl_pipe_test.py PATH/TO/boilerclean

Needs pyspark (pip install pyspark==4.3.0) and Java 17. Run by .ci/run; kept out of `swift test`
because starting a JVM takes several seconds.
"""
import json
import os
import subprocess
import sys

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/boilerclean")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
article = open(os.path.join(root, "Examples", "article-with-residue.txt"), encoding="utf-8").read()

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark import SparkContext  # noqa: E402

records = []
for i in range(400):
    if i % 50 == 7:
        records.append('{"id": %d, "text": "truncated' % i)          # malformed: passed through
    elif i % 50 == 9:
        records.append(json.dumps({"id": i, "title": "no text field"}))
    else:
        records.append(json.dumps({"id": i, "url": f"https://example.test/{i}?q=\u00e9", "text": article,
                                   "meta": {"lang": "en", "n": [i, 1.5, None]}}, ensure_ascii=(i % 2 == 0)))

command = [binary, "clean", "--jsonl", "--annotate", "bc"]
sc = SparkContext("local[2]", "boilerclean-pipe-test")
sc.setLogLevel("ERROR")
try:
    piped = sc.parallelize(records, 8).pipe(" ".join(command)).collect()
finally:
    sc.stop()

direct = subprocess.run(command, input="\n".join(records) + "\n", capture_output=True, text=True)
assert direct.returncode == 1, f"malformed lines must make the direct run exit 1, got {direct.returncode}"
direct_lines = direct.stdout.split("\n")[:-1]

assert len(piped) == len(records), f"{len(piped)} records out of {len(records)}"
assert piped == direct_lines, "Spark's result differs from a direct run"
cleaned = 0
for i, (before, after) in enumerate(zip(records, piped)):
    if i % 50 in (7, 9):
        assert after == before, f"record {i} should pass through unchanged"
        continue
    old, new = json.loads(before), json.loads(after)
    assert new["id"] == i and new["url"] == old["url"] and new["meta"] == old["meta"], f"record {i} lost a field"
    assert list(new)[:4] == list(old)[:4] and list(new)[-1] == "bc", f"record {i}: field order changed"
    assert len(new["text"]) < len(old["text"]) and new["bc"]["removed"], f"record {i} was not cleaned"
    prefix = before.split('"text": ')[0]
    assert after.startswith(prefix), f"record {i}: bytes before the text changed"
    cleaned += 1
print(f"spark rdd.pipe: {len(piped)} records back in order, {cleaned} cleaned, malformed and text-less lines passed through")
