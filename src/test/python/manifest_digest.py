#!/usr/bin/env python3
"""Recomputes a Stele version's manifest digest from a directory of its files, without Stele.

Uses only the Python 3 standard library and the media-type table of docs/manifest.md (read from that page, so
the page is what this checks). Usage:

    manifest_digest.py --table docs/manifest.md DIRECTORY

prints sha256:<hex>. Every regular file under DIRECTORY is one file of the version, its path relative to
DIRECTORY with '/' between segments.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata

ROW = re.compile(r"^\| `([^`]+)`[^|]*\| `([^`]+)` \|\s*$")


def media_types(table_page):
    """Extension -> media type from the '## Media types' table; '*' is the type of every other file."""
    types = {}
    in_section = False
    with open(table_page, encoding="utf-8") as page:
        for line in page:
            if line.startswith("## "):
                in_section = line.strip() == "## Media types"
                continue
            match = ROW.match(line) if in_section else None
            if match:
                types[match.group(1)] = match.group(2)
    if "*" not in types:
        sys.exit("no media-type table with a '*' row in " + table_page)
    return types


def media_type(path, types):
    name = path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    extension = name[dot + 1:] if dot > 0 else ""
    return types.get(extension, types["*"])


def sha256_of(file_name):
    digest = hashlib.sha256()
    with open(file_name, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def manifest_files(directory, types):
    files = []
    for root, _, names in os.walk(directory):
        for name in names:
            full = os.path.join(root, name)
            relative = os.path.relpath(full, directory).replace(os.sep, "/")
            path = unicodedata.normalize("NFC", relative)
            files.append({"digest": sha256_of(full), "mediaType": media_type(path, types), "path": path,
                          "size": os.path.getsize(full)})
    # RFC 8785 orders by UTF-16 code units; big-endian UTF-16 bytes compare the same way.
    files.sort(key=lambda f: f["path"].encode("utf-16-be"))
    return files


def canonical(files):
    # The RFC 8785 subset a manifest needs: sorted keys, no whitespace, raw UTF-8, integers.
    return json.dumps({"files": files}, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", required=True, help="docs/manifest.md, holding the media-type table")
    parser.add_argument("directory")
    arguments = parser.parse_args()
    files = manifest_files(arguments.directory, media_types(arguments.table))
    print("sha256:" + hashlib.sha256(canonical(files)).hexdigest())


if __name__ == "__main__":
    main()
