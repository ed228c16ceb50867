package org.stele.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stele.archive.registration.RegisteredDois;
import org.stele.archive.registration.Registration;
import org.stele.support.DataCiteStandIn;
import org.stele.support.Deposits;

/** Under DataCite's test prefix an identifier is registered like any other, but never presented as resolving at doi.org. */
@QuarkusTest
@TestProfile(DataCiteStandIn.UnderTheTestPrefix.class)
class DataCiteTestPrefixTest {
    @Inject
    Registration registration;

    @Inject
    RegisteredDois dois;

    @Test
    void aTestPrefixDoiIsNeverFindable() {
        String model = Deposits.model("lab", "dc-test-prefix", false);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {1}).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        String pid = Deposits.version(model, "1").statusCode(200).extract().path("pid");
        assertThat(pid).startsWith("10.5072/");
        // The first scheduled pass may be sending the shared test database's other 10.5072 identifiers, this one
        // among them: drain until it has gone out.
        Instant deadline = Instant.now().plusSeconds(60);
        while (DataCiteStandIn.calls(pid).isEmpty()) {
            assertThat(Instant.now()).as("sent in time").isBefore(deadline);
            registration.drain();
        }
        assertThat(DataCiteStandIn.calls(pid)).extracting(DataCiteStandIn.Call::kind).containsExactly("publish");
        assertThat(Deposits.version(model, "1").extract().jsonPath().getString("registration.state")).isEqualTo("findable");
        assertThat(dois.findable(pid)).as("10.5072 never resolves at doi.org").isFalse();
    }
}
