-- Webhooks: subscriptions, and a durable outbox of events and their deliveries.
-- An event and one delivery per matching subscription are written by the use case that makes the change, in its
-- transaction (archive.notification.EventOutbox): nothing is announced that did not commit, and nothing commits
-- without its announcement. Instances claim due deliveries with FOR UPDATE SKIP LOCKED and hold them until
-- claimed_until, so one instance sends each; a failed attempt is retried at next_attempt_at until give_up_at.

-- namespace null: archive-wide (administrators). The secret is kept as given out (whsec_ + base64): it keys the HMAC.
create table webhook_subscription (
    id                    varchar(40)  primary key,
    namespace             varchar(96)  references namespace (name),
    url                   text         not null,
    events                text[]       not null,
    secret                varchar(100) not null,
    previous_secret       varchar(100),
    previous_secret_until timestamptz,
    enabled               boolean      not null default true,
    disabled_reason       text,
    disabled_at           timestamptz,
    failing_since         timestamptz,
    created_at            timestamptz  not null default now(),
    created_by            varchar(200) not null,
    updated_at            timestamptz  not null default now()
);
create index webhook_subscription_namespace on webhook_subscription (namespace);

-- body: the CloudEvents 1.0 structured JSON, fixed when the event happens, so every attempt signs the same bytes.
create table webhook_event (
    id          varchar(40)  primary key,
    type        varchar(64)  not null,
    namespace   varchar(96),
    subject     text         not null,
    body        text         not null,
    occurred_at timestamptz  not null default now()
);

create table webhook_delivery (
    id              bigserial    primary key,
    subscription_id varchar(40)  not null references webhook_subscription (id) on delete cascade,
    event_id        varchar(40)  not null references webhook_event (id),
    state           varchar(16)  not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts        int          not null default 0,
    created_at      timestamptz  not null default now(),
    next_attempt_at timestamptz  not null default now(),
    give_up_at      timestamptz  not null,
    claimed_until   timestamptz,
    last_attempt_at timestamptz,
    last_status     int,
    last_error      text,
    delivered_at    timestamptz,
    unique (subscription_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'pending';
create index webhook_delivery_subscription on webhook_delivery (subscription_id, id);

-- The end of an embargo is not a change of any row: a scheduled check announces it once per version and embargo end.
create table webhook_embargo_announced (
    version_id    bigint      not null references model_version (id),
    embargo_until timestamptz not null,
    primary key (version_id, embargo_until)
);
-- Embargoes that ended before webhooks existed are not news.
insert into webhook_embargo_announced (version_id, embargo_until)
    select id, embargo_until from model_version where embargo_until is not null and embargo_until <= now();
