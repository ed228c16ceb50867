-- Facet counts on the home and search pages are SQL aggregates over search_entry (GROUP BY), never a scan in Java.
-- "Has a depositor's signature" becomes a column of the index, written at publish like the other card fields.
alter table search_entry add column signed boolean not null default false;
update search_entry e set signed = true
from model_version v where v.id = e.version_id and v.signer_key_id is not null;

-- The grouped columns not indexed yet (namespace and license already are, by V4).
create index search_entry_library on search_entry (library);
create index search_entry_pipeline_tag on search_entry (pipeline_tag);
create index search_entry_signed on search_entry (signed);
create index search_entry_concept on search_entry (concept_pid);
