"""Recomputes an OpenSSF model_signing statement from a plain directory of files, with the standard library only.

Usage: python3 check_model_statement.py <model-dir> <bundle.json>

Reads the in-toto statement inside the bundle's DSSE envelope (it does not check the signature: that is the Sigstore
verifier's job), hashes every file under <model-dir> that the statement's ignore_paths do not exclude, sorts them by
path components as model_signing sorts PurePaths, and checks each resource digest, the file list and the root digest
(SHA-256 over the concatenated raw digests). Prints a JSON report; exits 0 when everything matches, 1 otherwise.
"""
import base64
import hashlib
import json
import os
import sys


def file_digest(path):
    sha256 = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha256.update(chunk)
    return sha256.hexdigest()


def ignored(relative, ignore_paths):
    return any(relative == p or relative.startswith(p + "/") for p in ignore_paths)


def main(model_dir, bundle_path):
    with open(bundle_path, "rb") as f:
        bundle = json.load(f)
    statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
    predicate = statement["predicate"]
    serialization = predicate["serialization"]
    problems = []
    if statement["predicateType"] != "https://model_signing/signature/v1.0":
        problems.append("predicate type " + statement["predicateType"])
    if serialization["method"] != "files" or serialization["hash_type"] != "sha256":
        problems.append("serialization " + json.dumps(serialization))
    ignore_paths = serialization.get("ignore_paths", [])

    local = {}
    for root, _, names in os.walk(model_dir):
        for name in names:
            full = os.path.join(root, name)
            relative = os.path.relpath(full, model_dir).replace(os.sep, "/")
            if not ignored(relative, ignore_paths):
                local[relative] = file_digest(full)
    # model_signing sorts PurePath keys: by components, so "a/b" comes before "a-b".
    ordered = sorted(local, key=lambda p: tuple(p.split("/")))

    signed = [(r["name"], r["digest"]) for r in predicate["resources"]]
    if [n for n, _ in signed] != ordered:
        problems.append("files differ or are out of order: signed %s, on disk %s" % ([n for n, _ in signed], ordered))
    for name, digest in signed:
        if local.get(name) != digest:
            problems.append("hash mismatch for " + name)
    root_digest = hashlib.sha256(b"".join(bytes.fromhex(local[n]) for n in ordered)).hexdigest()
    subject = statement["subject"][0]["digest"]["sha256"]
    if root_digest != subject:
        problems.append("root digest %s, statement says %s" % (root_digest, subject))
    print(json.dumps({"files": len(ordered), "rootDigest": root_digest, "subject": statement["subject"][0]["name"],
                      "problems": problems}))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
