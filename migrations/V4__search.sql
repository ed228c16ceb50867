-- Search over published versions: full text (title, description, keywords, card text) and trigram on names.
create extension if not exists pg_trgm;

-- One row per published version, written in the publish transaction and removed on withdrawal. Values used
-- by filters are lower case (license keeps its SPDX spelling for display; filters compare lower(license)). The tsvector is built by the application's insert (weights A title, B names and
-- tags, C description, D card text), so it never depends on which code path published.
create table search_entry (
    version_id      bigint       primary key references model_version (id),
    namespace       varchar(96)  not null,
    name            varchar(96)  not null,
    label           varchar(128) not null,
    pid             varchar(64)  not null,
    concept_pid     varchar(64)  not null,
    manifest_digest varchar(71)  not null,
    title           text         not null,
    license         text,
    card_license    text,
    library         text,
    pipeline_tag    text,
    tags            text[]       not null default '{}',
    base_models     text[]       not null default '{}',
    datasets        text[]       not null default '{}',
    parameter_count bigint,
    published_at    timestamptz  not null,
    document        tsvector     not null
);
create index search_entry_document on search_entry using gin (document);
create index search_entry_repo_trgm on search_entry using gin ((lower(namespace || '/' || name)) gin_trgm_ops);
create index search_entry_published on search_entry (published_at desc, version_id desc);
create index search_entry_namespace on search_entry (lower(namespace));
create index search_entry_license on search_entry (lower(license));
create index search_entry_tags on search_entry using gin (tags);
create index search_entry_base_models on search_entry using gin (base_models);
create index search_entry_datasets on search_entry using gin (datasets);

-- Versions published before this migration: catalog fields only (their files were never read for facts).
insert into search_entry (version_id, namespace, name, label, pid, concept_pid, manifest_digest, title, license, tags,
                          published_at, document)
select v.id, m.namespace, m.name, v.label, v.pid, m.concept_pid, v.manifest_digest, coalesce(v.title, m.title),
       coalesce(v.license, m.license),
       coalesce(array(select lower(k) from jsonb_array_elements_text(coalesce(v.keywords, m.keywords)) k), '{}'),
       v.published_at,
       setweight(to_tsvector('english', coalesce(v.title, m.title)), 'A')
           || setweight(to_tsvector('simple', m.namespace || ' ' || m.name || ' '
                || coalesce((select string_agg(k, ' ') from jsonb_array_elements_text(coalesce(v.keywords, m.keywords)) k), '')), 'B')
           || setweight(to_tsvector('english', coalesce(v.description, m.description, '')), 'C')
from model_version v join model m on m.id = v.model_id
where v.state = 'published';
