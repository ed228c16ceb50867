-- A version's landing page shows what DataCite holds for its identifier (the trust panel) and links it at doi.org only
-- once findable: a state DataCite accepted is a change of what a cached page says, so it moves the catalog generation.
create constraint trigger catalog_registration_changed after update on identifier_registration deferrable initially deferred
    for each row when (old.state is distinct from new.state) execute function catalog_changed();

-- Every change of a model or version queues the registration of each identifier of its model, looked up by model:
-- without this index each changed row scans every identifier of the archive (a publish updates its neighbours through
-- the OAI-PMH datestamp triggers, so a catalog of 100 000 versions was scanned several times over per publish).
create index identifier_model on identifier (model_id);
