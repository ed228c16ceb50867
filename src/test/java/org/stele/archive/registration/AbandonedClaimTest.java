package org.stele.archive.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stele.support.DataCiteStandIn;
import org.stele.support.Deposits;

/**
 * An instance that dies between claiming an identifier and finishing its send (a crash, a kill, a restart) loses
 * nothing: the claim lapses, and the next pass of any instance sends the change, once.
 */
@QuarkusTest
@TestProfile(DataCiteStandIn.class)
class AbandonedClaimTest {
    @Inject
    Registration registration;

    @Inject
    RegistrationQueue queue;

    @Test
    void aClaimLeftByADeadSenderLapsesAndTheChangeIsSentOnce() throws Exception {
        registration.drain(); // whatever earlier tests left
        String model = Deposits.model("lab", "dc-abandoned", false);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {42}).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        String pid = Deposits.version(model, "1").statusCode(200).extract().path("pid");

        // A sender claims everything due, for two seconds, and dies before sending.
        List<RegistrationQueue.Task> claimed = QuarkusTransaction.requiringNew().call(() -> queue.claim(DataCiteStandIn.PREFIX,
                queue.now(), Duration.ofSeconds(2), 1000));
        assertThat(claimed).extracting(RegistrationQueue.Task::pid).contains(pid);
        registration.drain();
        assertThat(DataCiteStandIn.calls(pid)).as("held by the dead sender's claim").isEmpty();

        Instant deadline = Instant.now().plusSeconds(15);
        while (DataCiteStandIn.calls(pid).isEmpty()) {
            assertThat(Instant.now()).as("sent once the claim lapsed").isBefore(deadline);
            Thread.sleep(200);
            registration.drain();
        }
        registration.drain();
        assertThat(DataCiteStandIn.calls(pid)).extracting(DataCiteStandIn.Call::kind).containsExactly("publish");
        assertThat(registration.findable(pid)).isTrue();
    }
}
