-- Public keys the owners of a namespace register to sign their deposits in the OpenSSF model_signing format
-- (`model_signing sign key`). The id is the key's hint in a Sigstore bundle: the hex SHA-256 of its PEM
-- SubjectPublicKeyInfo. A revoked key stays, marked, so the versions it signed keep naming it; it verifies no new
-- publish, and the same key cannot be registered again in that namespace.
create table depositor_signing_key (
    namespace      varchar(96) not null references namespace (name),
    id             varchar(64) not null check (id ~ '^[0-9a-f]{64}$'),
    public_key_pem text        not null,
    algorithm      varchar(32) not null,
    label          text        not null default '',
    added_at       timestamptz not null default now(),
    added_by       text        not null,
    revoked_at     timestamptz,
    revoked_by     text,
    primary key (namespace, id)
);

-- Who signed a published version, as verified at publish: the key (its id and label at the time, in the model's
-- namespace) and the root digest of the signed statement. Null for versions published without a model.sig.
alter table model_version add column signer_key_id         varchar(64);
alter table model_version add column signer_key_label      text;
alter table model_version add column signer_root_digest    varchar(64);
alter table model_version add column signature_verified_at timestamptz;
