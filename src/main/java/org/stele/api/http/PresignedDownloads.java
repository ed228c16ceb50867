package org.stele.api.http;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.archive.reading.BlobReads;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Stored bytes on their way to a reader, for {@link ContentResponses}: sent by the service (counted as downloaded), or,
 * when {@code stele.downloads.presigned-redirect} and the request's {@code ?redirect=} ask for it, named by a presigned
 * storage link the client follows instead, so the bytes flow from S3 without the service (and without its verification).
 * Which bytes may go that way is {@link BlobReads#presigned}'s rule: intact content every caller may have.
 */
@ApplicationScoped
public class PresignedDownloads {
    /** The query parameter a request chooses with: {@code presigned} asks for a link, {@code none} for the bytes. */
    static final String PARAMETER = "redirect";

    private final BlobReads reads;
    private final ArchiveMetrics metrics;
    private final CurrentVertxRequest request;
    private final SteleConfig.PresignedRedirect setting;
    private final Duration lifetime;

    PresignedDownloads(BlobReads reads, ArchiveMetrics metrics, CurrentVertxRequest request, SteleConfig config) {
        this.reads = reads;
        this.metrics = metrics;
        this.request = request;
        this.setting = config.downloads().presignedRedirect();
        this.lifetime = config.downloads().presignedLifetime();
    }

    /**
     * The opener of {@code bytes} for the request being answered.
     *
     * @throws ArchiveException 400 {@code invalid_redirect} when {@code ?redirect=} is neither {@code presigned} nor
     *                          {@code none}, whatever the setting, so a request means the same on every archive
     */
    public ContentResponses.Opener of(BlobReads.Found bytes) {
        return of(bytes, null);
    }

    /**
     * As {@link #of(BlobReads.Found)}, for content whose verified bytes the caller holds in memory ({@code kept}, or
     * null): those are sent from there, never by a link, as a redirect would cost the client more than the bytes.
     */
    public ContentResponses.Opener of(BlobReads.Found bytes, byte[] kept) {
        // Read first, kept bytes or not: a ?redirect= of another value is refused whatever the content.
        boolean wanted = switch (asked()) {
            case "" -> setting == SteleConfig.PresignedRedirect.always;
            case "presigned" -> setting != SteleConfig.PresignedRedirect.off;
            default -> false; // none
        };
        if (kept != null) {
            return (offset, length) -> metrics.downloaded(new ByteArrayInputStream(kept, (int) offset, (int) length));
        }
        return new ContentResponses.Opener() {
            @Override
            public InputStream open(long offset, long length) throws IOException {
                return metrics.downloaded(reads.open(bytes, offset, length));
            }

            @Override
            public Optional<URI> elsewhere() throws IOException {
                Optional<URI> link = wanted ? reads.presigned(bytes, lifetime) : Optional.empty();
                link.ifPresent(l -> metrics.redirected(bytes.size()));
                return link;
            }
        };
    }

    /** The request's {@code ?redirect=} value, empty when it has none. */
    private String asked() {
        List<String> values = request.getCurrent() == null ? List.of() : request.getCurrent().request().params().getAll(PARAMETER);
        if (values.isEmpty()) {
            return "";
        }
        if (values.size() == 1 && (values.get(0).equals("presigned") || values.get(0).equals("none"))) {
            return values.get(0);
        }
        String shown = String.join(",", values);
        throw new ArchiveException(ErrorCode.INVALID_REDIRECT, "redirect must be presigned or none, not '"
                + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + "'");
    }
}
