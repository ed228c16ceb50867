-- Fixity: the last check of each blob's copies. The primary copy is the one served; the replica copy (when a
-- replica store is configured) is the one repairs come from. Null outcome: that copy was never checked.
create table blob_fixity (
    digest             varchar(71) primary key references blob (digest) on delete cascade,
    checked_at         timestamptz,
    outcome            varchar(16) check (outcome in ('ok', 'missing', 'corrupt')),
    detail             text,
    damaged_since      timestamptz,
    replica_checked_at timestamptz,
    replica_outcome    varchar(16) check (replica_outcome in ('ok', 'missing', 'corrupt')),
    replica_detail     text
);
create index blob_fixity_damaged on blob_fixity (digest) where outcome <> 'ok' or replica_outcome <> 'ok';

-- Fixity passes over every blob in digest order. At most one runs at a time across all instances of the service
-- (the unique index below); its cursor is saved after each blob, so a restarted instance resumes where it stopped.
create table fixity_pass (
    id            bigserial   primary key,
    trigger       varchar(16) not null check (trigger in ('scheduled', 'manual')),
    state         varchar(16) not null default 'running' check (state in ('running', 'finished')),
    started_at    timestamptz not null default now(),
    finished_at   timestamptz,
    after_digest  varchar(71),
    total_blobs   bigint      not null,
    total_bytes   bigint      not null,
    checked       bigint      not null default 0,
    checked_bytes bigint      not null default 0,
    damaged       bigint      not null default 0,
    repaired      bigint      not null default 0
);
create unique index fixity_pass_one_running on fixity_pass (state) where state = 'running';

-- Replication queue: one row per storage key still to be copied to the replica store, written in the transaction
-- that records the blob or the version record, so a copy is never forgotten. Instances claim rows with
-- FOR UPDATE SKIP LOCKED; a failed copy is retried later (next_attempt_at) with a growing delay.
create table replication_task (
    key             text        primary key,
    digest          varchar(71) check (digest ~ '^sha256:[0-9a-f]{64}$'),
    generation      bigint      not null default 0,
    enqueued_at     timestamptz not null default now(),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_attempt_at timestamptz,
    last_error      text
);
create index replication_task_due on replication_task (next_attempt_at);
