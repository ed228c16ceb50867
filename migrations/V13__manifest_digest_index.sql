-- /pid/sha256:{manifest digest} finds versions by their manifest digest across the archive.
create index model_version_manifest_digest on model_version (manifest_digest);
