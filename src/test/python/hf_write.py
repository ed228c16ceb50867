"""Drives the real huggingface_hub (HF_HUB_DISABLE_XET=1) against Stele's /hf API, as a pipeline would.

Usage: hf_write.py ENDPOINT REPO WORKDIR; the token is HF_TOKEN. Writes WORKDIR/result.json.
"""
import hashlib
import json
import os
import sys
import urllib.request

from huggingface_hub import (CommitOperationAdd, CommitOperationDelete, HfApi, hf_hub_download, snapshot_download)
from huggingface_hub.errors import HfHubHTTPError

endpoint, repo, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
api = HfApi(endpoint=endpoint)
result = {}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def error(call):
    try:
        call()
        return None
    except HfHubHTTPError as e:
        return {"status": e.response.status_code, "message": str(e)}


result["whoami"] = api.whoami()["name"]
result["repo_url"] = str(api.create_repo(repo, exist_ok=True))
result["repo_url_again"] = str(api.create_repo(repo, exist_ok=True))

folder = os.path.join(workdir, "folder")
os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
with open(os.path.join(folder, "README.md"), "w") as f:
    f.write("---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-generation\n"
            "tags:\n- archived\nbase_model: lab/base\ndatasets:\n- lab/corpus\n---\n# Tiny\n")
with open(os.path.join(folder, "config.json"), "w") as f:
    f.write('{"model_type": "gpt2"}')
with open(os.path.join(folder, "model.safetensors"), "wb") as f:
    f.write(os.urandom(3 * 1024 * 1024 + 12345))  # above the test part size: multipart
with open(os.path.join(folder, "sub", "small.bin"), "wb") as f:
    f.write(b"\0\1\2" * 100)  # binary: LFS, basic transfer
first = api.upload_folder(folder_path=folder, repo_id=repo, commit_message="first upload")
result["first_commit"] = first.oid

# The same folder again: nothing changed, no commit.
result["again_commit"] = api.upload_folder(folder_path=folder, repo_id=repo).oid

# A commit with a deletion and a new inline file, against the right parent.
second = api.create_commit(repo, operations=[CommitOperationDelete("sub/small.bin"),
                                             CommitOperationAdd("notes.txt", b"archived by a pipeline\n")],
                           commit_message="drop small.bin", parent_commit=first.oid)
result["second_commit"] = second.oid
result["stale_parent"] = error(lambda: api.create_commit(repo, operations=[CommitOperationAdd("late.txt", b"late")],
                                                         commit_message="late", parent_commit=first.oid))

api.create_tag(repo, tag="1.0")
result["tag_again"] = error(lambda: api.create_tag(repo, tag="1.0"))
result["write_tag"] = error(lambda: api.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt", repo_id=repo, revision="1.0"))
result["delete_repo"] = error(lambda: api.delete_repo(repo))

info = api.model_info(repo, revision="1.0")
result["info"] = {"sha": info.sha, "card_data": info.card_data.to_dict() if info.card_data else None,
                  "pipeline_tag": info.pipeline_tag, "library_name": info.library_name, "tags": info.tags,
                  "files": sorted(s.rfilename for s in info.siblings)}
result["listed"] = [m.id for m in api.list_models(author=repo.split("/")[0], search=repo.split("/")[1])]
result["filtered"] = [m.id for m in api.list_models(search=repo.split("/")[1], filter="archived")]

with urllib.request.urlopen(endpoint.rsplit("/hf", 1)[0] + "/api/v1/models/" + repo + "/versions/1.0") as r:
    pid = json.load(r)["pid"]
result["pid"] = pid
weights = hf_hub_download(repo, "model.safetensors", revision="1.0", endpoint=endpoint, cache_dir=os.path.join(workdir, "cache"))
result["downloaded"] = {"model.safetensors": sha256(weights)}
snapshot = snapshot_download(repo, revision=pid, endpoint=endpoint, cache_dir=os.path.join(workdir, "cache2"))
result["snapshot"] = {p: sha256(os.path.join(snapshot, p)) for p in sorted(os.listdir(snapshot)) if os.path.isfile(os.path.join(snapshot, p))}
result["uploaded"] = {"model.safetensors": sha256(os.path.join(folder, "model.safetensors"))}

# The default client (hf_xet installed, Xet not disabled) cannot upload here; its error must say what to do.
if os.environ.get("HF_WRITE_TRY_XET") == "1":
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_DISABLE_XET"}
    attempt = subprocess.run([sys.executable, "-c", "import sys; from huggingface_hub import HfApi; "
                              "HfApi(endpoint=sys.argv[1]).upload_file(path_or_fileobj=sys.argv[3], path_in_repo='xet.bin', repo_id=sys.argv[2])",
                              endpoint, repo, os.path.join(folder, "model.safetensors")],
                             env=env, capture_output=True, text=True, timeout=120)
    result["xet"] = {"exit": attempt.returncode, "output": attempt.stderr[-3000:]}

with open(os.path.join(workdir, "result.json"), "w") as f:
    json.dump(result, f)
