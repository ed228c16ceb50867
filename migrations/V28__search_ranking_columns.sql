-- Search ranks and filters matches from search_entry alone: what it used to look up per matched row is kept on the row.

-- The name the trigram similarity compares, in lower case, computed once per row instead of once per match and query.
alter table search_entry add column name_key text generated always as (lower(namespace || '/' || name)) stored;
create index search_entry_name_key_trgm on search_entry using gin (name_key gin_trgm_ops);
drop index search_entry_repo_trgm;

-- Whether the version's model is restricted (anonymous search and facets skip it), instead of a join to model and
-- model_version per matched row. Written by the database, not by the application, so that no path can forget it:
-- an entry takes its model's visibility when it is inserted, and a visibility change rewrites its model's entries in
-- the same transaction. The insert reads the model row FOR SHARE, which waits for a visibility change in flight and
-- makes one that starts later wait for the insert to commit (its update then sees the new entry): either order ends
-- with the entry saying what the model says.
alter table search_entry add column restricted boolean not null default false;
update search_entry e set restricted = true
from model_version v join model m on m.id = v.model_id
where v.id = e.version_id and m.visibility = 'restricted';

create function search_entry_visibility() returns trigger language plpgsql as $$
begin
    new.restricted := coalesce((select m.visibility = 'restricted' from model_version v join model m on m.id = v.model_id
                                 where v.id = new.version_id for share of m), false);
    return new;
end $$;
create trigger search_entry_visibility before insert on search_entry
    for each row execute function search_entry_visibility();

create function search_visibility_changed() returns trigger language plpgsql as $$
begin
    update search_entry set restricted = new.visibility = 'restricted'
     where version_id in (select id from model_version where model_id = new.id);
    return null;
end $$;
create trigger search_visibility_changed after update on model
    for each row when (old.visibility is distinct from new.visibility) execute function search_visibility_changed();

-- Statistics for the new columns, which the planner weighs for every search.
analyze search_entry;
