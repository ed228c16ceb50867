-- The catalog generation: a number that grows with every committed change that can alter what a record, a
-- resolution or a blob answer says (models, versions, files, identifiers, aliases, namespaces, takedowns, deletions,
-- damage found or repaired). Instances cache published answers together with the generation they were made at and
-- drop them once it has moved on, so a withdrawal or an embargo set on one instance is seen by all the others at
-- their next request.
-- The counter is bumped at commit (deferred constraint triggers), once per transaction: a reader that reads the
-- generation before the data can never see a new generation with old data, and the row lock is held only while
-- committing.
create table catalog_generation (
    id boolean primary key default true check (id),
    n  bigint  not null
);
insert into catalog_generation (n) values (0);

create function catalog_changed() returns trigger language plpgsql as $$
begin
    if current_setting('stele.catalog_changed', true) is distinct from 'yes' then
        update catalog_generation set n = n + 1;
        perform set_config('stele.catalog_changed', 'yes', true);
    end if;
    return null;
end $$;

create constraint trigger catalog_changed after insert or update or delete on namespace
    deferrable initially deferred for each row execute function catalog_changed();
create constraint trigger catalog_changed after insert or update or delete on model
    deferrable initially deferred for each row execute function catalog_changed();
create constraint trigger catalog_changed after insert or update or delete on model_version
    deferrable initially deferred for each row execute function catalog_changed();
create constraint trigger catalog_changed after insert or update or delete on identifier
    deferrable initially deferred for each row execute function catalog_changed();
create constraint trigger catalog_changed after insert or update or delete on version_file
    deferrable initially deferred for each row execute function catalog_changed();
create constraint trigger catalog_changed after insert or update or delete on alias
    deferrable initially deferred for each row execute function catalog_changed();
-- Blobs: new ones are never cached as absent; what matters is a takedown, a return, or a deletion.
create constraint trigger catalog_changed after update on blob deferrable initially deferred
    for each row when (old.purged_at is distinct from new.purged_at) execute function catalog_changed();
create constraint trigger catalog_deleted after delete on blob
    deferrable initially deferred for each row execute function catalog_changed();
-- Fixity: a copy found damaged, or repaired; routine "still ok" checks leave the generation alone.
create constraint trigger catalog_damage_found after insert on blob_fixity deferrable initially deferred
    for each row when (new.outcome <> 'ok') execute function catalog_changed();
create constraint trigger catalog_damage_changed after update on blob_fixity deferrable initially deferred
    for each row when (old.outcome is distinct from new.outcome) execute function catalog_changed();
create constraint trigger catalog_deleted after delete on blob_fixity
    deferrable initially deferred for each row execute function catalog_changed();
