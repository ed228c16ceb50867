-- Content-addressed bytes. A row exists only once the bytes are in storage at their content address.
create table blob (
    digest     varchar(71) primary key check (digest ~ '^sha256:[0-9a-f]{64}$'),
    size       bigint      not null check (size >= 0),
    created_at timestamptz not null default now()
);

-- Resumable upload sessions: state lives here and in storage (uploads/sessions/{id}/…), never in a replica's memory.
create table upload_session (
    id           uuid        primary key,
    state        varchar(16) not null default 'open' check (state in ('open', 'completing')),
    offset_bytes bigint      not null default 0 check (offset_bytes >= 0),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    expires_at   timestamptz not null
);
create index upload_session_expiry on upload_session (expires_at);

-- The chunks a session has received, in order; each is one object in storage.
create table upload_chunk (
    session_id   uuid         not null references upload_session (id) on delete cascade,
    start_offset bigint       not null check (start_offset >= 0),
    size         bigint       not null check (size >= 0),
    storage_key  varchar(255) not null,
    primary key (session_id, start_offset)
);

-- Bearer tokens; only a SHA-256 of the secret is kept.
create table api_token (
    id         uuid         primary key,
    name       varchar(200) not null,
    token_hash varchar(64)  not null unique,
    admin      boolean      not null default false,
    created_at timestamptz  not null default now()
);
