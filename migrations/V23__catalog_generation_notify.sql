-- Instances learn that the catalog generation moved (V9) from a notification on channel stele_catalog, sent at commit
-- with the new generation as payload, instead of reading the counter before every cached answer. PostgreSQL delivers a
-- notification only once its transaction committed, in commit order; an instance that loses its listening connection
-- reads the counter on every use again until it listens anew.
create or replace function catalog_changed() returns trigger language plpgsql as $$
declare
    generation bigint;
begin
    if current_setting('stele.catalog_changed', true) is distinct from 'yes' then
        update catalog_generation set n = n + 1 returning n into generation;
        perform set_config('stele.catalog_changed', 'yes', true);
        perform pg_notify('stele_catalog', generation::text);
    end if;
    return null;
end $$;
