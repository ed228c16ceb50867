package org.stele.archive.preservation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;
import org.stele.support.ArchiveState;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * Users, namespaces with their members and every minted identifier reach storage as documents, in the transaction
 * of each change, without secrets; a refused change writes none; the start-up backfill writes those missing.
 */
@QuarkusTest
class AccountDocumentsTest {
    @Inject
    BlobStore store;

    @Inject
    ObjectMapper json;

    @Inject
    AccountDocuments documents;

    @Test
    void everyAccountChangeRewritesItsDocument() throws Exception {
        String ada = Deposits.uniqueName("ada");
        String namespace = Deposits.uniqueName("docs-lab");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("username", ada, "name", "Ada Lovelace", "email", "ada@example.org")).post("/api/v1/users").then().statusCode(201);
        JsonNode user = userDocument(ada);
        assertThat(user.path("kind").asText()).isEqualTo("user");
        assertThat(user.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(user.path("email").asText()).isEqualTo("ada@example.org");
        assertThat(user.path("admin").asBoolean()).isFalse();
        assertThat(user.path("createdAt").asText()).isNotEmpty();
        assertThat(user.toString()).doesNotContainIgnoringCase("token").doesNotContain("stele_");
        // His personal namespace, he its owner.
        assertThat(members(ada)).containsExactly(ada + " owner");

        Lab.createNamespace(namespace);
        assertThat(document(StorageLayout.namespace(namespace)).path("members")).isEmpty();
        Lab.member(namespace, ada, "reader");
        assertThat(members(namespace)).containsExactly(ada + " reader");
        Lab.member(namespace, ada, "owner");
        assertThat(members(namespace)).containsExactly(ada + " owner");
        assertThat(document(StorageLayout.namespace(namespace)).path("members").get(0).path("user").asText())
                .isEqualTo(user.path("id").asText());

        // Refused: an unknown role, the last owner leaving. Storage is left as it was.
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("role", "emperor"))
                .put("/api/v1/namespaces/" + namespace + "/members/" + ada).then().statusCode(400);
        given().header("Authorization", Deposits.AUTH).delete("/api/v1/namespaces/" + namespace + "/members/" + ada)
                .then().statusCode(409).body("code", equalTo("last_owner"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void everyMintedIdentifierHasADocumentDraftsIncluded() throws Exception {
        String name = Deposits.uniqueName("reserved");
        String concept = Deposits.createModel("lab", name).statusCode(201).extract().path("conceptPid");
        String draft = Deposits.createVersion("lab/" + name, "1.0").statusCode(201).extract().path("pid");
        JsonNode reserved = document(StorageLayout.identifier(draft));
        assertThat(reserved.path("kind").asText()).isEqualTo("identifier");
        assertThat(reserved.path("pid").asText()).isEqualTo(draft);
        assertThat(reserved.path("names").asText()).isEqualTo("version");
        assertThat(reserved.path("conceptPid").asText()).isEqualTo(concept);
        assertThat(reserved.path("reservedAt").asText()).isNotEmpty();
        assertThat(document(StorageLayout.identifier(concept)).path("names").asText()).isEqualTo("concept");
        // The namespace a model was created in has its document too.
        assertThat(document(StorageLayout.namespace("lab")).path("name").asText()).isEqualTo("lab");
    }

    @Test
    void theBackfillWritesTheDocumentsAnOlderArchiveLacks() throws Exception {
        String bob = Deposits.uniqueName("bob");
        Lab.createUser(bob);
        String name = Deposits.uniqueName("older");
        Deposits.createModel("lab", name).statusCode(201);
        String version = Deposits.createVersion("lab/" + name, "1.0").statusCode(201).extract().path("pid");
        String userKey = userKey(bob);
        byte[] user = bytes(userKey);
        byte[] namespace = bytes(StorageLayout.namespace(bob));
        byte[] identifier = bytes(StorageLayout.identifier(version));
        // As an archive stored before these documents existed: none of them.
        for (String key : List.of(userKey, StorageLayout.namespace(bob), StorageLayout.identifier(version))) {
            store.delete(key);
        }
        assertThat(documents.backfill()).isGreaterThanOrEqualTo(3);
        assertThat(json.readTree(bytes(userKey))).isEqualTo(json.readTree(user));
        assertThat(json.readTree(bytes(StorageLayout.namespace(bob)))).isEqualTo(json.readTree(namespace));
        assertThat(json.readTree(bytes(StorageLayout.identifier(version)))).isEqualTo(json.readTree(identifier));
        // Nothing left to write.
        assertThat(documents.backfill()).isZero();
    }

    private List<String> members(String namespace) throws Exception {
        List<String> out = new ArrayList<>();
        document(StorageLayout.namespace(namespace)).path("members")
                .forEach(m -> out.add(m.path("username").asText() + " " + m.path("role").asText()));
        return out;
    }

    private JsonNode userDocument(String username) throws Exception {
        return document(userKey(username));
    }

    private String userKey(String username) throws Exception {
        for (StoredObject object : store.list(StorageLayout.USERS)) {
            if (document(object.key()).path("username").asText().equals(username)) {
                return object.key();
            }
        }
        throw new AssertionError("no document of user " + username);
    }

    private JsonNode document(String key) throws Exception {
        return json.readTree(bytes(key));
    }

    private byte[] bytes(String key) throws Exception {
        long size = store.size(key).orElseThrow(() -> new AssertionError("nothing stored at " + key));
        try (InputStream in = store.get(key, 0, size)) {
            return in.readAllBytes();
        }
    }
}
