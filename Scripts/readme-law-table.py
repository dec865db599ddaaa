#!/usr/bin/env python3
"""Regenerates the README's table of encoded places from `accord places --format json`.

usage: Scripts/readme-law-table.py [ACCORD]   (default .build/debug/accord; rewrites README.md between
the line 'known gap. Encoded (' and the blank line after the table)."""
import json, re, subprocess, sys

accord = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/accord"
doc = json.loads(subprocess.run([accord, "places", "--format", "json"], capture_output=True, text=True, check=True).stdout)
places = doc["places"]
rows, files, with_law = [], 0, 0
for p in places:
    fs = [f for f in p["files"] if f["rules"] > 0 or True]
    if not fs:
        continue
    with_law += 1
    files += len(fs)
    titles = "; ".join(sorted({f["title"] for f in fs}))
    comp = " / ".join(sorted({f["completeness"] for f in fs}))
    rows.append(f"| {p['id']} | {titles} | {comp} |")
readme = open("README.md").read()
start = readme.index("known gap. Encoded (")
head_end = readme.index("\n", start) + 1
table_end = readme.index("\n\n", head_end)
head = f"known gap. Encoded ({files} law files in {with_law} places; {len(places)} places declared):\n"
table = "\n| place | law files (titles as the files give them) | source completeness |\n| --- | --- | --- |\n" + "\n".join(rows)
readme = readme[:start] + head + table + readme[table_end:]
open("README.md", "w").write(readme)
print(f"{files} files in {with_law} places; {len(places)} declared")
