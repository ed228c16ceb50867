-- Who proved possession of stored bytes by uploading them. Bytes no version holds are readable by hash, and any bytes
-- attachable to a draft by digest, only for those who could read them through a version or uploaded them themselves;
-- anyone else sends the bytes (which dedups). A row per user and content, gone with the blob (garbage collection) or
-- the user. Rows are not rebuilt from storage: after a catalog rebuild an uploader proves possession by uploading again.
create table blob_upload (
    digest      varchar(71) not null references blob (digest) on delete cascade,
    account_id  uuid        not null references app_user (id) on delete cascade,
    uploaded_at timestamptz not null default now(),
    primary key (digest, account_id)
);
create index blob_upload_account on blob_upload (account_id);
