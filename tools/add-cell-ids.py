#!/usr/bin/env python3
"""Give every cell of the course's notebooks an nbformat 4.5 cell id, and set "nbformat_minor": 5.

    python3 tools/add-cell-ids.py            # every .ipynb under notebooks/ (solutions included)
    python3 tools/add-cell-ids.py a.ipynb    # only the files named
    python3 tools/add-cell-ids.py --check    # change nothing; exit 1 and name each cell without a valid, unique id

A cell that already has a valid id keeps it, so ids are stable: run this after adding a notebook or a cell.
A new id is the first 8 hex digits of SHA-1 over the notebook's path, the cell's position and its source, so two
people adding ids to the same notebook get the same ids (no merge conflict). The file is written as Jupyter writes
it (indent 1, keys sorted within a cell, UTF-8 kept as is), so the diff shows only the added "id" lines.
The test NotebookFormatTests checks the result.
"""
import hashlib
import json
import pathlib
import re
import sys

VALID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")  # nbformat 4.5 schema for a cell id
ROOT = pathlib.Path(__file__).resolve().parent.parent


def new_id(path, index, source, taken):
    text = "".join(source) if isinstance(source, list) else source
    salt = 0
    while True:
        digest = hashlib.sha1(f"{path}\n{index}\n{salt}\n{text}".encode("utf-8")).hexdigest()[:8]
        if digest not in taken:
            return digest
        salt += 1


def with_ids(path):
    """Returns (problems, new text) for one notebook; problems name the cells lacking a valid, unique id."""
    original = path.read_text(encoding="utf-8")
    notebook = json.loads(original)
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    problems, seen = [], set()
    for i, cell in enumerate(notebook["cells"]):
        cid = cell.get("id")
        if not isinstance(cid, str) or not VALID.match(cid) or cid in seen:
            problems.append(f"{rel}: cell {i + 1} has {'no id' if cid is None else f'id {cid!r} (invalid or repeated)'}")
            cell.pop("id", None)
        else:
            seen.add(cid)
    for i, cell in enumerate(notebook["cells"]):
        if "id" not in cell:
            cell["id"] = new_id(rel, i, cell.get("source", ""), seen)
            seen.add(cell["id"])
    notebook["cells"] = [dict(sorted(c.items())) for c in notebook["cells"]]
    if notebook.get("nbformat") != 4 or notebook.get("nbformat_minor", 0) < 5:
        problems.append(f"{rel}: nbformat {notebook.get('nbformat')}.{notebook.get('nbformat_minor')} (cell ids need 4.5)")
        notebook["nbformat"], notebook["nbformat_minor"] = 4, 5
    text = json.dumps(notebook, indent=1, ensure_ascii=False)
    if original.endswith("\n"):
        text += "\n"
    return problems, text


def main(args):
    check = "--check" in args
    files = [pathlib.Path(a).resolve() for a in args if a != "--check"]
    if not files:
        files = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    failed = False
    for path in files:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            return 2
        problems, text = with_ids(path)
        if problems and check:
            failed = True
            print("\n".join(problems))
        elif problems:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(problems)} fixed")
    if check and failed:
        print("run: python3 tools/add-cell-ids.py", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
