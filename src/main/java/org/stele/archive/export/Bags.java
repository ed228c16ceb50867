package org.stele.archive.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stele.archive.access.Permissions;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.citation.Citations;
import org.stele.archive.publishing.VersionSignatures;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.Servability;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.registration.RegisteredDois;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * The deposit package of a published version: a BagIt 1.0 zip with every file, SHA-256 and SHA-512 manifests, and
 * the version's record, DataCite XML, RO-Crate metadata and the archive's signature, streamed from storage as it is written.
 */
@ApplicationScoped
public class Bags {
    public static final String MEDIA_TYPE = "application/zip";
    /** The {@code ?format=} that asks an identifier for its bag. */
    public static final String FORMAT = "bagit";
    /** The archive's signature of the version in the bag, as {@code model_signing verify key data/ --signature} reads it. */
    public static final String SIGNATURE = "metadata/model.sig";

    private final BlobReads reads;
    private final Permissions permissions;
    private final ObjectMapper json;
    private final SteleConfig config;
    private final VersionSignatures signatures;
    private final RegisteredDois dois;

    Bags(BlobReads reads, Permissions permissions, ObjectMapper json, SteleConfig config, VersionSignatures signatures,
            RegisteredDois dois) {
        this.signatures = signatures;
        this.dois = dois;
        this.reads = reads;
        this.permissions = permissions;
        this.json = json;
        this.config = config;
    }

    /**
     * The bag of a resolved version (a concept: its latest version), or a refusal: 410 {@code withdrawn} once
     * withdrawn, 409 {@code version_not_published} for a draft, 403 {@code embargoed} under embargo for those who
     * may not read the files yet, 500 {@code integrity_error} when bytes of a file are known to be damaged.
     */
    public Bag prepare(Resolver.Resolution resolution, String base) {
        if (resolution.withdrawn()) {
            VersionRecord v = resolution.version();
            throw Servability.withdrawn(v.version(), v.pid(), v.withdrawalReason());
        }
        VersionRecord version = resolution.isConcept() ? resolution.concept().latest() : resolution.version();
        if (version == null || version.manifestDigest() == null) {
            throw new ArchiveException(ErrorCode.VERSION_NOT_PUBLISHED, "only published versions have a bag; this one is a draft");
        }
        Servability.requireFiles(new Servability.Version(version.version(), version.pid(), false, null, version.embargoUntil()),
                permissions.canRead(version.namespace()));
        // Known damage refuses the bag up front (500 integrity_error) rather than cut a zip off midway.
        version.files().forEach(file -> reads.held(Digest.parse(file.digest())));
        BagWriter writer = writer(version, base);
        String name = bagName(version);
        return new Bag(name + ".zip", out -> writer.write(out, this::open, LocalDate.now(ZoneOffset.UTC)));
    }

    /** A bag ready to be streamed: its file name and the writing of its bytes (zip, {@link #MEDIA_TYPE}). */
    public record Bag(String fileName, Body body) {
    }

    /** Writes the whole bag to {@code out}; storage is read as it goes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    private java.io.InputStream open(BagWriter.PayloadFile file) throws IOException {
        return reads.open(Digest.parse("sha256:" + file.sha256Hex()), 0, file.size());
    }

    private BagWriter writer(VersionRecord v, String base) {
        Citations citations = new Citations(base, Citations.DEFAULT_PUBLISHER, dois::findable);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Source-Organization", config.export().sourceOrganization());
        info.put("External-Identifier", v.pid());
        info.put("External-Description", v.title() + " (" + v.namespace() + "/" + v.name() + " " + v.version() + "), "
                + "manifest digest " + v.manifestDigest());
        info.put("Bag-Group-Identifier", v.conceptPid());
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        try {
            metadata.put("metadata/record.json", json.writeValueAsBytes(v));
            metadata.put("metadata/datacite.xml",
                    citations.render(CitationFormat.DATACITE_XML, v, null, null).getBytes(StandardCharsets.UTF_8));
            metadata.put("metadata/ro-crate-metadata.json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(RoCrate.of(v, citations.landingUrl(v.pid()), citations.identifierUrl(v.pid()))));
            // A tag file (covered by the tag manifest), not payload: model_signing verifies data/ against it.
            metadata.put(SIGNATURE, signatures.of(v.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("the metadata of " + v.pid() + " could not be written", e);
        }
        List<BagWriter.PayloadFile> files = v.files().stream()
                .map(f -> new BagWriter.PayloadFile(f.path(), f.size(), f.digest().substring("sha256:".length())))
                .toList();
        return new BagWriter(bagName(v), info, metadata, files);
    }

    /** The bag's base directory and file name: the identifier's suffix, which is unique and safe in file names. */
    private static String bagName(VersionRecord v) {
        return v.pid().substring(v.pid().indexOf('/') + 1);
    }
}
