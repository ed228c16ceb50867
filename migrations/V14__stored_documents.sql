-- The SHA-256 and size of every JSON document written to storage (records, model and takedown documents), as written,
-- so that a fixity pass proves each stored copy byte for byte and repairs it only from a copy that matches.
-- Documents written before this table existed get their row when a pass has proven them against the catalog.
create table stored_document (
    key         text primary key,
    digest      text        not null,
    size        bigint      not null,
    written_at  timestamptz not null default now(),
    verified_at timestamptz
);

-- How many stored document copies a fixity pass replaced or wrote again, for its report.
alter table fixity_pass add column records_repaired integer not null default 0;
