package org.stele.archive.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stele.domain.ArchiveException;

/** Which webhook targets are refused, without the private-target switch and with it. */
class TargetAddressesTest {
    private final TargetAddresses strict = new TargetAddresses(false);
    private final TargetAddresses closedNetwork = new TargetAddresses(true);

    @Test
    void innerAddressesAreRefusedWithoutTheSwitch() {
        for (String host : List.of("127.0.0.1", "127.8.9.10", "localhost", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.10.10", "169.254.169.254", "0.0.0.0", "100.64.0.1", "[::1]", "[::]", "[fe80::1]",
                "[fc00::1]", "[fd12:3456::1]", "[::ffff:10.0.0.1]", "[64:ff9b::7f00:1]", "224.0.0.1", "240.0.0.1")) {
            assertThatThrownBy(() -> strict.resolve(URI.create("http://" + host + "/hook")), host)
                    .isInstanceOf(TargetAddresses.Refused.class).hasMessageContaining("resolves to");
        }
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String host : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]", "100.128.0.1")) {
            assertThat(strict.resolve(URI.create("https://" + host + "/hook"))).as(host).isNotEmpty();
        }
    }

    @Test
    void theSwitchAllowsPrivateTargetsButNeverMetadata() throws Exception {
        assertThat(closedNetwork.resolve(URI.create("http://127.0.0.1:8080/hook"))).isNotEmpty();
        assertThat(closedNetwork.resolve(URI.create("http://10.0.0.5/hook"))).isNotEmpty();
        for (String host : List.of("169.254.169.254", "[fd00:ec2::254]", "100.100.100.200")) {
            assertThatThrownBy(() -> closedNetwork.resolve(URI.create("http://" + host + "/")), host)
                    .hasMessageContaining("metadata");
        }
    }

    @Test
    void onlyAbsoluteHttpUrlsParse() {
        for (String url : List.of("ftp://example.org/", "file:///etc/passwd", "example.org/hook", "https:///nohost",
                "https://u:p@example.org/", "https://example.org/#frag", "javascript:alert(1)", " ")) {
            assertThatThrownBy(() -> TargetAddresses.parse(url), url).isInstanceOf(ArchiveException.class);
        }
        assertThat(TargetAddresses.parse("HTTPS://example.org:8443/a?b=c").getHost()).isEqualTo("example.org");
    }
}
