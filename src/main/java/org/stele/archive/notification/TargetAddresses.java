package org.stele.archive.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Where webhooks may go: an absolute {@code https} or {@code http} URL whose host resolves only to public addresses.
 * Loopback, private (RFC 1918, carrier-grade NAT), link-local, unique-local ({@code fc00::/7}), unspecified and
 * multicast addresses are refused unless the operator allows private targets (tests, closed networks); cloud metadata
 * addresses are refused always. Checked when a subscription is saved and again before every attempt, after DNS
 * resolution, so that a name rebound to an inner address is caught.
 */
@ApplicationScoped
public class TargetAddresses {
    static final int MAX_URL = 2000;
    /** Cloud instance metadata (AWS, GCP, Azure, OpenStack; AWS over IPv6; Alibaba): never a webhook target. */
    private static final Set<String> METADATA = Set.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final boolean allowPrivate;

    @jakarta.inject.Inject
    TargetAddresses(SteleConfig config) {
        this(config.webhooks().allowPrivateTargets());
    }

    TargetAddresses(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** A target refused: why, for the subscriber to read. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** {@code url} as a target URI, or 400 {@code invalid_webhook_url} saying what is wrong with it. */
    static URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw invalid("url is required, an absolute https or http URL of at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("url must be an https (or http) URL, not " + (scheme.isEmpty() ? "a relative one" : scheme + ":"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url needs a host name or address");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry user info; receivers check the webhook-signature header instead");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not have a fragment");
        }
        return uri;
    }

    private static ArchiveException invalid(String detail) {
        return new ArchiveException(ErrorCode.INVALID_WEBHOOK_URL, detail);
    }

    /** At subscription time: 400 {@code webhook_target_refused} unless every address of the host may be sent to. */
    void requireAllowed(URI target) {
        try {
            resolve(target);
        } catch (Refused e) {
            throw new ArchiveException(ErrorCode.WEBHOOK_TARGET_REFUSED, e.getMessage());
        }
    }

    /**
     * Resolves the target's host and checks every address it has (one bad address refuses the target: the client
     * may pick any of them).
     */
    List<InetAddress> resolve(URI target) throws Refused {
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = refusal(address, allowPrivate);
            if (why != null) {
                throw new Refused("the host " + host + " resolves to " + address.getHostAddress() + ", " + why
                        + (why.startsWith("a cloud") ? "" : "; only public addresses are allowed"));
            }
        }
        return List.of(addresses);
    }

    /** Why {@code address} may not be sent to, or null when it may. */
    static String refusal(InetAddress address, boolean allowPrivate) {
        InetAddress a = embeddedIpv4(address);
        if (METADATA.contains(a.getHostAddress())) {
            return "a cloud metadata address";
        }
        if (allowPrivate) {
            return null;
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a unique-local address";
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second & 0xfe) == 18)) {
                return "a reserved or shared address";
            }
        }
        return null;
    }

    /** The IPv4 address inside NAT64 ({@code 64:ff9b::/96}) and IPv4-compatible IPv6 addresses, else the address. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean zeroMiddle = true;
        for (int i = 4; i < 12; i++) {
            zeroMiddle &= b[i] == 0;
        }
        if ((nat64 && zeroMiddle) || (compatible && !address.isLoopbackAddress() && !address.isAnyLocalAddress())) {
            try {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }
}
