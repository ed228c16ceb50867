-- Every key the archive has signed with: the current one (not_after null) and the ones it replaced, kept so that
-- signatures made before a rotation keep verifying. Only public keys: the private key never enters the catalog.
create table signing_key (
    id             text primary key,        -- hex SHA-256 of the PEM, the hint Sigstore bundles name the key by
    algorithm      text not null,
    public_key_pem text not null,
    not_before     timestamptz,             -- null for a previous key given by configuration, whose start is unknown
    not_after      timestamptz
);

-- The archive key that signed each published version's files (its bundle names it too, as its public-key hint).
alter table model_version add column archive_key_id varchar(64);
