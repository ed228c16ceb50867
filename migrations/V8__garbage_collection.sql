-- Garbage collection and takedown.
-- unreferenced_since: when the blob last lost a reference (or was uploaded); null while some version file points at it.
-- Kept in step by the trigger below, whatever code path adds or removes files, and reset by every upload of the same
-- bytes. Garbage collection deletes a blob only once it has been unreferenced for the grace period.
alter table blob add column unreferenced_since timestamptz;
-- purged_at: the bytes were removed by a takedown (purge) of a withdrawn version; the row stays so that version's
-- files keep their digests. A new upload of the same bytes brings them back (purged_at null again).
alter table blob add column purged_at timestamptz;
update blob b set unreferenced_since = b.created_at
where not exists (select 1 from version_file f where f.digest = b.digest);
create index blob_unreferenced on blob (unreferenced_since) where unreferenced_since is not null;

-- A takedown of a withdrawn version's bytes: when, and why (the reason is also in the audit trail).
alter table model_version add column purged_at timestamptz;
alter table model_version add column purge_reason text;

-- clock_timestamp(), not now(): a long transaction that commits late must not date the change back to its start.
create function version_file_references() returns trigger language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        update blob set unreferenced_since = null where digest = new.digest and unreferenced_since is not null;
    end if;
    if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.digest <> new.digest) then
        update blob set unreferenced_since = clock_timestamp() where digest = old.digest;
    end if;
    return null;
end $$;

create trigger version_file_references after insert or update of digest or delete on version_file
    for each row execute function version_file_references();
