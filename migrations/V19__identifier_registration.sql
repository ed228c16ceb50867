-- DataCite registration: one row per identifier, saying what DataCite holds for it (state) and whether a change waits
-- to be sent (generation > sent_generation). Rows are written by the triggers below, in the transaction of the change
-- itself, so no change is ever forgotten; the sender computes what DataCite should hold from the catalog at send time,
-- so a row only says "look again", and sends stay idempotent and in order per identifier. Instances claim due rows
-- with FOR UPDATE SKIP LOCKED and hold them until claimed_until; a failed send is retried at next_attempt_at.
-- sent_digest is the SHA-256 of the last document DataCite accepted, so a change that alters nothing DataCite holds
-- (most changes of a model touch every identifier of it) costs no call.
-- The queue fills whether or not registration is configured: switching it on later registers what exists.
create table identifier_registration (
    pid             varchar(64) primary key references identifier (pid),
    state           varchar(16) not null default 'none'
                    check (state in ('none', 'draft', 'findable', 'registered', 'deleted')),
    generation      bigint      not null default 1,
    sent_generation bigint      not null default 0,
    changed_at      timestamptz not null default now(),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_until   timestamptz,
    last_attempt_at timestamptz,
    last_error      text,
    last_error_at   timestamptz,
    sent_at         timestamptz,
    sent_digest     varchar(71)
);
create index identifier_registration_due on identifier_registration (next_attempt_at) where sent_generation < generation;
create index identifier_registration_failing on identifier_registration (pid) where last_error is not null;

-- A change waits to be sent for pid: bumps its generation; due at once (a claim in progress still finishes first).
create function registration_changed(changed varchar) returns void language plpgsql as $$
begin
    insert into identifier_registration (pid) values (changed)
    on conflict (pid) do update set generation = identifier_registration.generation + 1, next_attempt_at = now(),
        changed_at = case when identifier_registration.sent_generation = identifier_registration.generation
                          then now() else identifier_registration.changed_at end;
end $$;

-- What a change touches: every identifier of the model, since versions cite the concept and their neighbours, the
-- concept cites its versions, and visibility decides for all of them. In identifier order, so that two transactions
-- on one model lock its rows in the same order.
create function registration_model_changed() returns trigger language plpgsql as $$
begin
    perform registration_changed(i.pid) from identifier i where i.model_id = new.id order by i.pid;
    return null;
end $$;

create function registration_version_changed() returns trigger language plpgsql as $$
begin
    perform registration_changed(i.pid) from identifier i where i.model_id = new.model_id order by i.pid;
    return null;
end $$;

create function registration_identifier_changed() returns trigger language plpgsql as $$
begin
    perform registration_changed(new.pid);
    return null;
end $$;

create trigger registration_changed after insert or update on model
    for each row execute function registration_model_changed();
create trigger registration_changed after insert or update on model_version
    for each row execute function registration_version_changed();
create trigger registration_changed after insert or update on identifier
    for each row execute function registration_identifier_changed();

-- Whether a DOI is findable changes what citations say about it: cached answers must be made again.
create constraint trigger catalog_changed after update on identifier_registration deferrable initially deferred
    for each row when (old.state is distinct from new.state) execute function catalog_changed();

-- Identifiers minted before registration existed wait like new ones.
insert into identifier_registration (pid) select pid from identifier;
