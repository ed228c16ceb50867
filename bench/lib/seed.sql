-- Seeds published versions straight into the catalog (bulk SQL, no files, no API): versions :from .. :to of
-- namespace 'bench', ten versions per model 'model-N', each with a search entry and a resolvable identifier
-- (valid check digits, numbers far above those the archive mints by chance). Used by bench/search and bench/run.
--   psql "$PGURL" -v from=1 -v to=1000 -v prefix=10.5072 -f bench/lib/seed.sql
\set ON_ERROR_STOP on
-- The catalog's row triggers (OAI datestamps of neighbours and lineage, DataCite re-registration, the generation
-- bump) are what a release through the API costs; done per seeded row they take minutes at 100 000 versions. The
-- benchmarks measure reads, so the seed runs without them (superuser only) and bumps the generation once itself,
-- so that every instance drops what it cached before.
set session_replication_role = replica;
create or replace function pg_temp.bench_pid(prefix text, n bigint) returns text language sql immutable as $$
  select prefix || '/' || substr(s, 1, 4) || '-' || substr(s, 5, 4) from (
    select string_agg(substr('0123456789abcdefghjkmnpqrstvwxyz', ((n >> (5 * (5 - k))) & 31)::int + 1, 1), '' order by k)
           || lpad((98 - (100 * n) % 97)::text, 2, '0') as s
    from generate_series(0, 5) k) body $$;

insert into namespace (name) values ('bench') on conflict do nothing;
insert into model (namespace, name, title, description, license, keywords, concept_pid)
select 'bench', 'model-' || m, 'Bench model ' || m, 'A benchmark model', 'Apache-2.0', '["bench"]',
       pg_temp.bench_pid(:'prefix', 1050000000 + m)
from generate_series((:from + 9) / 10, (:to + 9) / 10) m
on conflict do nothing;
insert into identifier (pid, kind, model_id)
select m.concept_pid, 'concept', m.id from model m where m.namespace = 'bench'
on conflict do nothing;

create temporary table words (i int primary key, w text);
insert into words values (0,'llama'),(1,'mistral'),(2,'vision'),(3,'speech'),(4,'translation'),(5,'chat'),
  (6,'code'),(7,'medical'),(8,'legal'),(9,'finance'),(10,'tiny'),(11,'quantized'),(12,'instruct'),(13,'embedding');
with v as (
  select g, m.id as model_id, m.name, ((g - 1) % 10) + 1 as label
  from generate_series(:from, :to) g
  join model m on m.namespace = 'bench' and m.name = 'model-' || (((g - 1) / 10) + 1)
), ins as (
  insert into model_version (model_id, label, state, pid, title, description, license, keywords, manifest_digest, published_at)
  select model_id, label::text, 'published', pg_temp.bench_pid(:'prefix', 1000000000 + g), 'Bench model ' || name || ' ' || label,
         'A ' || (select w from words where i = g % 14) || ' model for ' || (select w from words where i = (g / 7) % 14),
         'Apache-2.0', '["bench"]', 'sha256:' || lpad(to_hex(g), 64, '0'),
         now() - make_interval(secs => g)
  from v
  returning id, model_id, label, pid, title, description, published_at
), ids as (
  insert into identifier (pid, kind, model_id, version_id)
  select pid, 'version', model_id, id from ins
)
insert into search_entry (version_id, namespace, name, label, pid, concept_pid, manifest_digest, title, license, card_license,
    library, pipeline_tag, tags, base_models, datasets, parameter_count, published_at, document)
select ins.id, 'bench', m.name, ins.label, ins.pid, m.concept_pid, 'sha256:' || lpad(to_hex(ins.id), 64, '0'), ins.title,
       'Apache-2.0', case when ins.id % 3 = 0 then 'mit' else 'apache-2.0' end,
       case when ins.id % 4 = 0 then 'peft' else 'transformers' end,
       case when ins.id % 5 = 0 then 'text-generation' else 'feature-extraction' end,
       array['bench', (select w from words where i = ins.id % 14)],
       case when ins.id % 10 = 0 then array['bench/model-1'] else '{}' end,
       array['bench/corpus-' || (ins.id % 100)],
       (ins.id % 70) * 100000000,
       ins.published_at,
       setweight(to_tsvector('english', ins.title), 'A')
         || setweight(to_tsvector('simple', 'bench ' || m.name), 'B')
         || setweight(to_tsvector('english', ins.description), 'C')
from ins join model m on m.id = ins.model_id;
analyze model_version;
analyze identifier;
analyze search_entry;
reset session_replication_role;
do $$ declare g bigint; begin update catalog_generation set n = n + 1 returning n into g; perform pg_notify('stele_catalog', g::text); end $$;
