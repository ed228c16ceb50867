package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.Bytes;

/** Publishing under contention and under failure: one winner, and never a half-published version. */
@QuarkusTest
class PublishIntegrityTest {
    @Inject
    BlobStore store;

    @Inject
    EntityManager entityManager;

    @Test
    void concurrentPublishesHaveExactlyOneWinner() throws Exception {
        String m = "lab/" + uniqueName("race");
        createModel("lab", m.substring(4)).statusCode(201);
        createVersion(m, "1").statusCode(201);
        putFile(m, "1", "w.bin", Bytes.random(1000, 40)).statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> publishers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                publishers.add(() -> publish(m, "1").extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(publishers)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        version(m, "1").statusCode(200).body("state", equalTo("published"));
    }

    @Test
    void aPublishInterruptedBeforeCommitLeavesARetryableDraft() throws Exception {
        String m = "lab/" + uniqueName("interrupted");
        createModel("lab", m.substring(4)).statusCode(201);
        String pid = createVersion(m, "1").statusCode(201).extract().path("pid");
        putFile(m, "1", "w.bin", Bytes.random(1000, 41)).statusCode(201);
        String recordKey = "records/" + pid + ".json";

        // A deferred constraint trigger fails the publishing transaction at COMMIT, after the record is written.
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    create or replace function fail_publish() returns trigger language plpgsql as $$
                    begin
                      if new.state = 'published' and exists (select 1 from fail_publish_of where version_id = new.id) then
                        raise exception 'commit refused by test';
                      end if;
                      return new;
                    end $$""").executeUpdate();
            entityManager.createNativeQuery("create table if not exists fail_publish_of (version_id bigint)").executeUpdate();
            entityManager.createNativeQuery("drop trigger if exists fail_publish on model_version").executeUpdate();
            entityManager.createNativeQuery("""
                    create constraint trigger fail_publish after update on model_version
                    deferrable initially deferred for each row execute function fail_publish()""").executeUpdate();
            entityManager.createNativeQuery("insert into fail_publish_of select id from model_version where pid = ?1")
                    .setParameter(1, pid).executeUpdate();
        });
        try {
            publish(m, "1").statusCode(500).body("code", equalTo("internal_error"));
            // The record was written before the catalog refused the commit: the failed publish removes what it wrote.
            PreservationApiTest.await("the uncommitted record removed", () -> absent(recordKey)
                    && absent(StorageLayout.versionSignature(pid)) && absent(recordKey + ".sig"));
            version(m, "1").statusCode(200).body("state", equalTo("draft"));
            given().accept("application/json").get("/pid/" + pid).then().statusCode(404).body("code", equalTo("not_yet_published"));
        } finally {
            QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery("delete from fail_publish_of").executeUpdate());
        }
        publish(m, "1").statusCode(200).body("state", equalTo("published"));
        given().accept("application/json").get("/pid/" + pid).then().statusCode(200).body("state", equalTo("published"));
        assertThat(store.size(recordKey)).as("the committed publish's record").isPresent();
    }

    private boolean absent(String key) {
        try {
            return store.size(key).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
