#!/usr/bin/env python3
"""What zhclean would do to correct text: ``zhclean --check`` over every genre of ../shared/data.

    python bench/audit.py                 # a table per genre: files, changed files, items by class
    python bench/audit.py --items 3       # also up to 3 examples per class
    python bench/audit.py --genre trad_law --items 20

Every document in ``corpus/`` and ``corpus-extra/`` is correct text, so every item printed here is
either a fault of the source (name it in the closing note and pin it in a test) or a false repair.
A class is (filter, kind, safety, the reason with its numbers taken out).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def genres() -> dict[str, Path]:
    found = {}
    for top in ("corpus", "corpus-extra"):
        for folder in sorted((DATA / top).iterdir()) if (DATA / top).is_dir() else ():
            if folder.name == "traditional":
                for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
                    found["trad_" + sub.name] = sub
            elif folder.is_dir():
                found[folder.name] = folder
    return found


def audit(folder: Path) -> tuple[int, list[dict]]:
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhclean",
            "--check",
            "--format",
            "json",
            "--exit-zero",
            "--include",
            "*.txt",
            "--include",
            "*.md",
            str(folder),
        ],
        capture_output=True,
        check=False,
    )
    items = [json.loads(line) for line in run.stdout.decode().splitlines() if line.startswith("{")]
    return len(files), items


def klass(item: dict) -> str:
    reason = re.sub(r"\d+", "N", item.get("reason", ""))
    reason = re.sub(r"`[^`]*`", "`X`", reason)
    return f"{item.get('filter')} {item.get('type')} {item.get('safety', '')}: {reason[:90]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genre", action="append", help="only these genres")
    parser.add_argument("--items", type=int, default=0, help="examples per class")
    args = parser.parse_args()
    total = 0
    for name, folder in genres().items():
        if args.genre and name not in args.genre:
            continue
        count, items = audit(folder)
        changed = {i["path"] for i in items}
        total += len(items)
        mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
        print(f"## {name}: {count} files, {mb:.1f} MB, {len(changed)} with items, {len(items)} items")
        classes = collections.defaultdict(list)
        for item in items:
            classes[klass(item)].append(item)
        for key, group in sorted(classes.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(group):5d}  {key}")
            for item in group[: args.items]:
                where = f"{Path(item['path']).name}:{item['line']}:{item['column']}"
                print(f"           {where} {item.get('before', '')!r} -> {item.get('after', '')!r}")
    print(f"total items: {total}")


if __name__ == "__main__":
    main()
