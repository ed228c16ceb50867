-- Owners of models. Created implicitly by the admin until namespaces are managed.
create table namespace (
    name       varchar(96) primary key,
    created_at timestamptz not null default now()
);
create unique index namespace_name_ci on namespace (lower(name));

-- A model: the concept behind all its versions, with its concept identifier.
create table model (
    id          bigserial    primary key,
    namespace   varchar(96)  not null references namespace (name),
    name        varchar(96)  not null,
    title       text         not null,
    description text         not null default '',
    authors     jsonb        not null default '[]',
    license     varchar(100) not null,
    keywords    jsonb        not null default '[]',
    concept_pid varchar(64)  not null unique,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);
create unique index model_name_ci on model (lower(namespace), lower(name));

-- One snapshot of a model. Published versions never change (the catalog refuses; the record in storage proves).
-- Labels and identifiers are never reused: a discarded draft keeps its row.
create table model_version (
    id                bigserial    primary key,
    model_id          bigint       not null references model (id),
    label             varchar(128) not null,
    state             varchar(16)  not null check (state in ('draft', 'published', 'withdrawn', 'discarded')),
    pid               varchar(64)  not null unique,
    title             text,
    description       text,
    authors           jsonb,
    license           varchar(100),
    keywords          jsonb,
    manifest_digest   varchar(71),
    created_at        timestamptz  not null default now(),
    published_at      timestamptz,
    withdrawn_at      timestamptz,
    withdrawal_reason text,
    unique (model_id, label),
    check (state = 'draft' or state = 'discarded' or manifest_digest is not null)
);

-- Every identifier ever minted, concept or version, unique across both. Minted first, then linked to
-- its model or version in the same transaction.
create table identifier (
    pid        varchar(64) primary key,
    kind       varchar(16) not null check (kind in ('concept', 'version')),
    model_id   bigint      references model (id),
    version_id bigint      references model_version (id),
    created_at timestamptz not null default now()
);

-- The files of a version; bytes live once per digest in blob.
create table version_file (
    version_id bigint       not null references model_version (id),
    path       text         not null,
    digest     varchar(71)  not null references blob (digest),
    size       bigint       not null,
    media_type varchar(255) not null,
    kind       varchar(32)  not null,
    added_at   timestamptz  not null default now(),
    primary key (version_id, path)
);
create index version_file_digest on version_file (digest);

-- Named, movable pointers to published versions ('latest' is computed, never stored).
create table alias (
    model_id   bigint       not null references model (id),
    name       varchar(128) not null,
    version_id bigint       not null references model_version (id),
    updated_at timestamptz  not null default now(),
    primary key (model_id, name)
);
