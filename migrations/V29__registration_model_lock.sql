-- Registration rows (V19) are queued by statement, each in identifier order, but one transaction runs several statements
-- that touch different sets of a model's identifiers (a moved datestamp queues a version and its concept, V20; any other
-- change queues all of them). Two transactions on one model could then take its rows in crossing orders and deadlock
-- (seen as a 500 under bench/chaos: a draft created while a neighbour was published). A transaction-scoped advisory
-- lock per model, taken before the first row is touched, makes such transactions queue behind each other instead; they
-- already did so on the rows themselves, so nothing that ran side by side before now waits. Key space 29 is this lock's
-- own (the two-key form never meets the one-key locks used elsewhere).
create or replace function registration_model_changed() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(29, (new.id % 2147483647)::int);
    perform registration_changed(i.pid) from identifier i where i.model_id = new.id order by i.pid;
    return null;
end $$;

create or replace function registration_version_changed() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(29, (new.model_id % 2147483647)::int);
    if tg_op = 'UPDATE' and (to_jsonb(old) - 'oai_datestamp') = (to_jsonb(new) - 'oai_datestamp') then
        perform registration_changed(p.pid) from (select new.pid union select m.concept_pid from model m
                                                   where m.id = new.model_id) p order by p.pid;
        return null;
    end if;
    perform registration_changed(i.pid) from identifier i where i.model_id = new.model_id order by i.pid;
    return null;
end $$;

create or replace function registration_identifier_changed() returns trigger language plpgsql as $$
begin
    if new.model_id is not null then
        perform pg_advisory_xact_lock(29, (new.model_id % 2147483647)::int);
    end if;
    perform registration_changed(new.pid);
    return null;
end $$;
