-- A completion claims its session: a random claim id, renewed in updated_at while the completion runs, and the offset
-- the session had before the completion's own final chunk. A completion that stops renewing its claim (its process
-- died) is taken over by a retry, which replaces that final chunk with its own; only the holder of the claim may
-- finish the session, so it is stored once.
alter table upload_session add column completion_claim uuid;
alter table upload_session add column completion_offset bigint check (completion_offset >= 0);
