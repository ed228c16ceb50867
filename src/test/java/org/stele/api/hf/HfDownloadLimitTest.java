package org.stele.api.hf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stele.archive.reading.HubRevisions;

/** huggingface_hub ≥ 0.31 refuses plain-HTTP downloads above 50 × 10⁹ bytes (hf-hub-api.md §10): depositors are told. */
class HfDownloadLimitTest {

    @Test
    void warnsAboveFiftyGigabytesOnly() {
        assertThat(HubRevisions.downloadWarnings(0)).isEmpty();
        assertThat(HubRevisions.downloadWarnings(20_000_000_000L)).isEmpty();
        assertThat(HubRevisions.downloadWarnings(50_000_000_000L)).isEmpty();
        assertThat(HubRevisions.downloadWarnings(50_000_000_001L)).singleElement().asString()
                .contains("50000000001 bytes").contains("50 GB").contains("huggingface_hub").contains("shard").contains("20 GB");
    }
}
