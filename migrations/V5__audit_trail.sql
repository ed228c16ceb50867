-- The audit trail: one row per change, appended in the transaction of the change. Rows are never updated or
-- deleted; the trigger below refuses both, whatever the application does.
create table audit_event (
    id             bigserial    primary key,
    at             timestamptz  not null default now(),
    actor          varchar(200) not null,
    token_name     varchar(200),
    action         varchar(64)  not null,
    target         text         not null,
    namespace      varchar(96),
    client_address varchar(64),
    details        jsonb        not null default '{}'
);
create index audit_event_namespace on audit_event (namespace, id);
create index audit_event_target on audit_event (target, id);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only' using errcode = 'insufficient_privilege';
end $$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
