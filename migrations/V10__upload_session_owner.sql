-- An upload session belongs to the user who opened it: only he (or an admin) may see its offset, append to it,
-- complete or cancel it; anyone else is told it does not exist. Sessions opened before accounts had owners keep
-- none and stay open to any depositor until they complete or expire.
alter table upload_session add column owner_id uuid references app_user (id) on delete cascade;
