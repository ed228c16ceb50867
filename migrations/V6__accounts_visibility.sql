-- Accounts: users (each with a personal namespace), lab namespaces with members and roles, scoped tokens,
-- restricted models and embargoed versions.
create table app_user (
    id         uuid         primary key,
    username   varchar(96)  not null,
    name       text         not null,
    email      text,
    admin      boolean      not null default false,
    created_at timestamptz  not null default now()
);
create unique index app_user_username_ci on app_user (lower(username));

create table namespace_member (
    namespace  varchar(96) not null references namespace (name),
    user_id    uuid        not null references app_user (id),
    role       varchar(16) not null check (role in ('owner', 'maintainer', 'reader')),
    created_at timestamptz not null default now(),
    primary key (namespace, user_id)
);
create index namespace_member_user on namespace_member (user_id);

-- Tokens belong to a user and carry scopes; namespaces null means every namespace the user may act in.
alter table api_token add column user_id      uuid references app_user (id);
alter table api_token add column scopes       text[]      not null default '{read}';
alter table api_token add column namespaces   text[];
alter table api_token add column expires_at   timestamptz;
alter table api_token add column last_used_at timestamptz;
alter table api_token add column revoked_at   timestamptz;
create index api_token_user on api_token (user_id);

-- Tokens issued before accounts existed were admin tokens: they become the first admin's, with every scope.
insert into app_user (id, username, name, admin)
select gen_random_uuid(), 'admin', 'Administrator', true where exists (select 1 from api_token);
update api_token set user_id = (select id from app_user where username = 'admin'),
                     scopes = '{read,write,publish,admin}'
where user_id is null;
alter table api_token alter column user_id set not null;
alter table api_token drop column admin;

alter table model add column visibility varchar(16) not null default 'public' check (visibility in ('public', 'restricted'));
alter table model_version add column embargo_until timestamptz;

-- Failed authentications are counted per client address over a short window (rate limiting).
create index audit_event_auth_failures on audit_event (client_address, at) where action = 'auth.failed';

-- The first admin's personal namespace, as every user has one.
insert into namespace (name) select username from app_user on conflict do nothing;
insert into namespace_member (namespace, user_id, role)
select n.name, u.id, 'owner' from app_user u join namespace n on lower(n.name) = lower(u.username)
on conflict do nothing;
