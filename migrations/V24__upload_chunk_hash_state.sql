-- The SHA-256 state after each chunk of an upload session (store.Sha256State's saved form), so that completing the
-- session knows the digest without reading the bytes again, on whichever replica and after any restart. Null for chunks
-- stored before (and for Git LFS parts, which may arrive out of order): such a session is hashed at completion.
alter table upload_chunk add column hash_state bytea;
