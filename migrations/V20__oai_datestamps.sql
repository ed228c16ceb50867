-- OAI-PMH datestamps: when a version's harvested record last changed (metadata or status). A harvester asks
-- "what changed since my last visit", so the stamp moves whenever anything the record renders moves: the version's
-- own fields and state, its embargo and takedown, its neighbours (a new release adds "is previous version of" to the
-- one before), its lineage (base models and derivatives named in cards), and the model's visibility
-- (restricted -> public makes its versions appear). The end of an embargo is
-- not an update of any row: queries take the later of this stamp and embargo_until (see archive.harvesting).
-- clock_timestamp() rather than now(): the instant of the change, not of the transaction's start.
alter table model_version add column oai_datestamp timestamptz;
update model_version set oai_datestamp = greatest(created_at, published_at, withdrawn_at, purged_at);
alter table model_version alter column oai_datestamp set default clock_timestamp();
alter table model_version alter column oai_datestamp set not null;

create function oai_record_changed() returns trigger language plpgsql as $$
begin
    if (old.state, old.description, old.authors, old.license, old.keywords, old.title, old.manifest_digest,
        old.published_at, old.withdrawn_at, old.withdrawal_reason, old.embargo_until, old.purged_at)
       is distinct from
       (new.state, new.description, new.authors, new.license, new.keywords, new.title, new.manifest_digest,
        new.published_at, new.withdrawn_at, new.withdrawal_reason, new.embargo_until, new.purged_at) then
        new.oai_datestamp := clock_timestamp();
    end if;
    return new;
end $$;
create trigger oai_record_changed before update on model_version
    for each row execute function oai_record_changed();

-- A release or withdrawal changes the neighbours' records (previous/next version relations).
create function oai_neighbours_changed() returns trigger language plpgsql as $$
begin
    update model_version set oai_datestamp = clock_timestamp()
     where model_id = new.model_id and id <> new.id and state in ('published', 'withdrawn');
    perform oai_lineage_changed(new.id);
    return null;
end $$;
create trigger oai_neighbours_changed after update on model_version
    for each row when (old.state is distinct from new.state
                       and (old.state in ('published', 'withdrawn') or new.state in ('published', 'withdrawn')))
    execute function oai_neighbours_changed();
create trigger oai_neighbours_inserted after insert on model_version
    for each row when (new.state in ('published', 'withdrawn')) execute function oai_neighbours_changed();

-- Lineage: a card's base_model naming a version or model of this archive links both records (IsDerivedFrom on one,
-- IsSourceOf on the other, see archive.reading.Lineage), so a release, withdrawal or visibility change of either side
-- moves the other's stamp. The names are the spellings Lineage matches exactly: ns/name@label, ns/name, and each
-- identifier bare, as doi: or as a doi.org URL.
create function oai_names(m model, v model_version) returns text[] language sql immutable as $$
    select array[m.namespace || '/' || m.name || '@' || v.label, m.namespace || '/' || m.name,
                 v.pid, 'doi:' || v.pid, 'https://doi.org/' || v.pid,
                 m.concept_pid, 'doi:' || m.concept_pid, 'https://doi.org/' || m.concept_pid]
$$;

create function oai_lineage_changed(changed bigint) returns void language plpgsql as $$
declare
    m model;
    v model_version;
    bases text[];
begin
    select * into v from model_version where id = changed;
    select * into m from model where id = v.model_id;
    -- Its derivatives: versions whose cards name it (the operator form, so the index below serves it).
    update model_version d set oai_datestamp = clock_timestamp()
     where d.state in ('published', 'withdrawn') and d.id <> changed
       and exists (select 1 from version_file f where f.version_id = d.id
                   and (f.facts -> 'card' -> 'base_model') ?| oai_names(m, v));
    -- Its bases: versions its card names; most cards name none, and then nothing is scanned.
    select coalesce(array_agg(name), '{}') into bases
      from version_file f,
           jsonb_array_elements_text(case jsonb_typeof(f.facts -> 'card' -> 'base_model')
                                         when 'array' then f.facts -> 'card' -> 'base_model'
                                         when 'string' then jsonb_build_array(f.facts -> 'card' -> 'base_model')
                                         else '[]'::jsonb end) name
     where f.version_id = changed;
    if cardinality(bases) > 0 then
        update model_version b set oai_datestamp = clock_timestamp() from model bm
         where bm.id = b.model_id and b.state in ('published', 'withdrawn') and b.id <> changed
           and oai_names(bm, b) && bases;
    end if;
end $$;
create index version_file_card_base_model on version_file using gin ((facts -> 'card' -> 'base_model'));

-- Visibility: a model made public brings its versions in with a new stamp. A model made restricted again takes them
-- out, but a harvester may hold their records already, and deletions are persistent: the versions a harvester could
-- have collected (withdrawn, or published with no embargo running) are withheld, served as deleted headers, until
-- the model is public again.
alter table model_version add column oai_withheld boolean not null default false;

create function oai_visibility_changed() returns trigger language plpgsql as $$
declare
    changed bigint;
begin
    update model_version set oai_datestamp = clock_timestamp(),
           oai_withheld = new.visibility <> 'public' and (oai_withheld or (old.visibility = 'public'
               and (state = 'withdrawn' or embargo_until is null or embargo_until <= now())))
     where model_id = new.id and state in ('published', 'withdrawn');
    for changed in select id from model_version where model_id = new.id and state in ('published', 'withdrawn') loop
        perform oai_lineage_changed(changed);
    end loop;
    return null;
end $$;
create trigger oai_visibility_changed after update on model
    for each row when (old.visibility is distinct from new.visibility) execute function oai_visibility_changed();

-- Harvests page through records in datestamp order; the expression is the one archive.harvesting queries.
create index model_version_oai on model_version
    ((case when state = 'withdrawn' then oai_datestamp else greatest(oai_datestamp, embargo_until) end), id)
    where state in ('published', 'withdrawn');

-- DataCite registration (V19) looks again at every identifier of a model when one of its versions changes. A moved
-- datestamp alone is no such change: the row that moved it already did that for its own model, so a stamp moved on a
-- neighbour (or a lineage partner in another model) only needs that version and its concept looked at again. Without
-- this, a release would queue every identifier of the model once per version, N² for a model with N versions.
create or replace function registration_version_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and (to_jsonb(old) - 'oai_datestamp') = (to_jsonb(new) - 'oai_datestamp') then
        perform registration_changed(p.pid) from (select new.pid union select m.concept_pid from model m
                                                   where m.id = new.model_id) p order by p.pid;
        return null;
    end if;
    perform registration_changed(i.pid) from identifier i where i.model_id = new.model_id order by i.pid;
    return null;
end $$;
