package org.stele.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;

/** The SHA-256 whose state a resumable upload carries between chunks, in both engines and across them. */
class Sha256StateTest {

    @Test
    void theTestRuntimeHashesAtTheJdksSpeed() {
        assertThat(Sha256State.fast()).as("the surefire argLine opens java.lang, as the manifest of Quarkus' jar does").isTrue();
    }

    @Test
    void savedAndRestoredAtAnyCutItGivesTheDigestOfAllTheBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] bytes = Bytes.random(random.nextInt(1000), round);
            int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            boolean firstJdk = random.nextBoolean();
            boolean secondJdk = random.nextBoolean();
            Sha256State first = Sha256State.fresh(firstJdk);
            first.update(bytes, 0, cut);
            byte[] saved = first.save();
            Sha256State second = Sha256State.restore(saved, secondJdk);
            second.update(bytes, cut, bytes.length - cut);
            assertThat(second.digest().toString()).as("%d bytes cut at %d, %s then %s", bytes.length, cut,
                    firstJdk ? "JDK" : "plain", secondJdk ? "JDK" : "plain").isEqualTo(Bytes.sha256(bytes));
            assertThat(second.count()).isEqualTo(bytes.length);
            assertThat(first.digest().toString()).as("the digest so far, and hashing may go on")
                    .isEqualTo(Bytes.sha256(java.util.Arrays.copyOf(bytes, cut)));
        }
    }

    @Test
    void theSavedFormIsTheSameWhicheverEngineHashed() {
        byte[] bytes = Bytes.random(1000, 3);
        Sha256State jdk = Sha256State.fresh(true);
        Sha256State plain = Sha256State.fresh(false);
        jdk.update(bytes, 0, 777);
        plain.update(bytes, 0, 777);
        assertThat(jdk.save()).isEqualTo(plain.save()).hasSize(4 + 32 + 8 + 777 % 64);
    }

    @Test
    void aDamagedSavedStateIsRefused() {
        byte[] saved = Sha256State.fresh().save();
        assertThatThrownBy(() -> Sha256State.restore(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        saved[0] = 'X';
        assertThatThrownBy(() -> Sha256State.restore(saved)).isInstanceOf(IllegalArgumentException.class);
        Sha256State some = Sha256State.fresh();
        some.update(new byte[10], 0, 10);
        byte[] truncated = java.util.Arrays.copyOf(some.save(), 4 + 32 + 8 + 5);
        assertThatThrownBy(() -> Sha256State.restore(truncated)).isInstanceOf(IllegalArgumentException.class);
    }
}
