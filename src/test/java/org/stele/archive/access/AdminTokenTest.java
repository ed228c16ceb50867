package org.stele.archive.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * {@code STELE_ADMIN_TOKEN} applies or stops startup, never silently ignored: a value the catalog does not know becomes
 * an admin token (as after a rebuild, which restores no token); a revoked one, or a non-admin's, is refused with a
 * reason. Without it, a token is generated when no admin has a usable one.
 */
@QuarkusTest
class AdminTokenTest {
    @Inject
    Tokens tokens;

    @Inject
    EntityManager entityManager;

    @Test
    void aConfiguredTokenTheCatalogDoesNotKnowBecomesAnAdminToken() throws Exception {
        String configured = "stele_configured_" + Deposits.uniqueName("after-rebuild");
        given().header("Authorization", "Bearer " + configured).get("/api/v1/users/admin").then().statusCode(401);
        tokens.installAdminToken(Optional.of(configured), Files.createTempDirectory("admin").resolve("admin-token"));
        given().header("Authorization", "Bearer " + configured).get("/api/v1/users/admin").then().statusCode(200);
        given().header("Authorization", "Bearer " + configured).get("/api/v1/admin/fixity").then().statusCode(200);
        // The next start with the same value changes nothing.
        long before = count();
        tokens.installAdminToken(Optional.of(configured), Files.createTempDirectory("admin").resolve("admin-token"));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aRevokedOrNonAdminTokenIsRefusedWithItsReason() throws Exception {
        String bearer = Lab.token("admin", List.of("read", "admin"));
        String secret = bearer.substring("Bearer ".length());
        String id = given().header("Authorization", Deposits.AUTH).get("/api/v1/tokens").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.name == 'token of admin' }.id", String.class).get(0);
        given().header("Authorization", Deposits.AUTH).delete("/api/v1/tokens/" + id).then().statusCode(204);
        long before = count();
        assertThatThrownBy(() -> tokens.installAdminToken(Optional.of(secret), Files.createTempDirectory("admin").resolve("t")))
                .isInstanceOf(Tokens.AdminTokenRefused.class).hasMessageContaining("STELE_ADMIN_TOKEN is token").hasMessageContaining("revoked");
        given().header("Authorization", bearer).get("/api/v1/users/admin").then().statusCode(401);

        String user = Deposits.uniqueName("plain");
        Lab.createUser(user);
        String plain = Lab.token(user, List.of("read")).substring("Bearer ".length());
        before = count();
        assertThatThrownBy(() -> tokens.installAdminToken(Optional.of(plain), Files.createTempDirectory("admin").resolve("t")))
                .isInstanceOf(Tokens.AdminTokenRefused.class).hasMessageContaining("without admin rights");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void withoutOneATokenIsGeneratedWhenNoAdminHasAUsableToken() throws Exception {
        Path file = Files.createTempDirectory("admin").resolve("admin-token");
        tokens.installAdminToken(Optional.empty(), file);
        assertThat(file).doesNotExist(); // the test admin token is usable: nothing to do

        // As after a rebuild: admins, none with a token. Revoked here, and put back afterwards for the other tests.
        List<?> live = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "update api_token set revoked_at = now() where revoked_at is null returning id").getResultList());
        try {
            tokens.installAdminToken(Optional.empty(), file);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "update api_token set revoked_at = null where id in (:ids)").setParameter("ids", live).executeUpdate());
        }
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String generated = Files.readString(file).trim();
        given().header("Authorization", "Bearer " + generated).get("/api/v1/admin/fixity").then().statusCode(200);
    }

    private long count() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery("select count(*) from api_token")
                .getSingleResult()).longValue());
    }
}
