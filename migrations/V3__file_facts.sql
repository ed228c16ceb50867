-- What the archive read from a file's own bytes when it was added (weights header, model-card front matter,
-- data descriptor), with warnings. Null for files of other kinds and for files added before this column.
alter table version_file add column facts jsonb;
