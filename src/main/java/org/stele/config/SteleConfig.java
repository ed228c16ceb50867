package org.stele.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Stele's own settings; each also reads from the environment, e.g. {@code stele.s3.bucket} from {@code STELE_S3_BUCKET}. */
@ConfigMapping(prefix = "stele")
public interface SteleConfig {

    /** Where the embedded defaults keep their data: {@code postgres/}, {@code blobs/}, {@code admin-token}. */
    @WithDefault("./stele-data")
    Path dataDir();

    /** Which blob store driver to use. */
    @WithDefault("filesystem")
    StorageDriver storage();

    /** S3 settings, used when {@link #storage()} is {@code s3}. */
    S3 s3();

    /** The admin token to install at first start; when absent one is generated and written to {@code admin-token}. */
    Optional<String> adminToken();

    /**
     * Identifier prefix. The default {@code 10.5072} is DataCite's test prefix: an operator replaces it with
     * their own (a registered DataCite prefix) before citing anything.
     */
    @WithDefault("10.5072")
    String pidPrefix();

    /**
     * The archive's public address (e.g. {@code https://archive.example.org}), used in identifier links,
     * citations and landing pages. When absent, the address a request came in on is used.
     */
    Optional<String> publicBaseUrl();

    /** Resumable upload sessions. */
    Uploads uploads();

    /** Authentication. */
    Auth auth();

    /**
     * Whether whole-content downloads are hashed as they stream: bytes that do not hash to their digest abort the
     * connection and flag the blob. Ranged reads cannot be verified this way.
     */
    @WithDefault("true")
    boolean verifyDownloads();

    /** The scheduled fixity audit of stored blobs. */
    Fixity fixity();

    /** The optional second store that receives a copy of every blob and record. */
    Replica replica();

    /** Deposit packages (BagIt) exported for other repositories. */
    Export export();

    /** Garbage collection of stored bytes that nothing references any more. */
    Gc gc();

    /** The Hugging Face write API under {@code /hf}. */
    Hub hub();

    /** The archive's signing key (EC P-256), which signs every published version and every stored document. */
    Signing signing();

    /** The OAI-PMH 2.0 data provider at {@code /oai2d}. */
    Oai oai();

    /**
     * DataCite registration of the archive's identifiers as DOIs under {@link #pidPrefix()}. Off unless
     * {@code url}, {@code username} and {@code password} are all set; then {@link #publicBaseUrl()} is needed too,
     * for the landing-page URL each DOI resolves to.
     */
    DataCite datacite();

    /** Webhooks: signed CloudEvents sent to subscribers when versions are published or withdrawn, blobs damaged... */
    Webhooks webhooks();

    /** How content downloads are answered. */
    Downloads downloads();

    /** Search over published versions ({@code GET /api/v1/search} and the home page). */
    Search search();

    enum StorageDriver {
        filesystem, s3
    }

    interface S3 {
        /** Endpoint URL, e.g. {@code http://minio:9000}. */
        Optional<String> endpoint();

        /** Bucket name; created if missing. */
        Optional<String> bucket();

        Optional<String> accessKey();

        Optional<String> secretKey();

        @WithDefault("us-east-1")
        String region();

        /**
         * How long a storage call waits to connect, and for each read or write on its connection, before it fails as
         * storage unavailable (503 {@code storage_unavailable}); also bounds the readiness check against a hung server.
         */
        @WithDefault("30s")
        Duration timeout();

        /**
         * The address clients reach this S3 server at, when it is not {@link #endpoint()} (an in-cluster name, a private
         * network): presigned download links name it. {@link #endpoint()} when absent.
         */
        Optional<String> publicEndpoint();
    }

    interface Downloads {
        /**
         * Whether a GET of content anyone may read (by digest, a version's file, the Hugging Face {@code resolve}) is
         * answered with 307 to a short-lived presigned S3 link, so the bytes flow from storage without the service:
         * {@code off}; {@code on-request}, when the request says {@code ?redirect=presigned}; {@code always}, unless it
         * says {@code ?redirect=none}. The service does not verify the bytes of such a transfer: the client checks them
         * against Repr-Digest. Only the S3 driver has such links; on the filesystem the bytes are sent as before.
         */
        @WithDefault("off")
        PresignedRedirect presignedRedirect();

        /** How long a presigned download link works (at most 7 days, S3's limit); a download begun in time completes. */
        @WithDefault("5m")
        Duration presignedLifetime();
    }

    enum PresignedRedirect {
        off, on_request, always
    }

    interface Auth {
        /** Failed authentications one client address may make within {@link #failureWindow()} before it gets 429. */
        @WithDefault("10")
        int failureLimit();

        /** The window failed authentications are counted over. */
        @WithDefault("1m")
        Duration failureWindow();
    }

    interface Fixity {
        /** Whether passes start by themselves; when false, only {@code POST /api/v1/admin/fixity/run} starts one. */
        @WithDefault("true")
        boolean scheduled();

        /** A scheduled pass walks the whole store over this long, at an even pace. */
        @WithDefault("30d")
        Duration cycle();

        /** The most bytes per second a pass reads (primary and replica together), so it never starves user traffic. */
        @WithDefault("50000000")
        long bytesPerSecond();

        /** How often each instance looks for fixity work (resuming a pass, repairing known damage). */
        @WithDefault("1m")
        Duration tick();
    }

    interface Replica {
        /** The replica store's driver; no replica when absent. */
        Optional<StorageDriver> storage();

        /** Directory of a {@code filesystem} replica (another disk or mount than the primary's). */
        Optional<Path> dataDir();

        /** S3 settings of an {@code s3} replica. */
        S3 s3();

        /** How often each instance takes copies from the replication queue. */
        @WithDefault("5s")
        Duration tick();

        /** Delay before the first retry of a failed copy; doubled at each failure up to {@link #maxRetryDelay()}. */
        @WithDefault("1s")
        Duration retryDelay();

        @WithDefault("10m")
        Duration maxRetryDelay();
    }

    interface Uploads {
        /** How long an upload session lives after its last chunk before it is removed. */
        @WithDefault("24h")
        Duration expiry();

        /** How often each instance sweeps what killed uploads left behind; it also sweeps once at start. */
        @WithDefault("10m")
        Duration sweepEvery();

        /**
         * How long temporary bytes (a killed upload's temporary file, staged bytes, a chunk never recorded, an incomplete
         * S3 multipart upload) must have gone untouched before a sweep removes them; what a write in this process still
         * holds is never removed. Above the longest pause a live upload on another replica may take between its last
         * byte and its commit.
         */
        @WithDefault("15m")
        Duration sweepMargin();

        /**
         * How long a completion may go without renewing its claim (it does every 10 s while it runs) before a retry
         * may take the session over: the time a client waits to complete again after the server completing it died.
         */
        @WithDefault("1m")
        Duration completionTakeover();
    }

    interface Export {
        /** The Source-Organization named in every bag's bag-info.txt: the institution running this archive. */
        @WithDefault("Stele")
        String sourceOrganization();
    }

    interface Oai {
        /** Records (or headers) per ListRecords/ListIdentifiers page; a resumption token asks for the next. */
        @WithDefault("100")
        int pageSize();

        /**
         * The address Identify gives harvesters to write to about this repository. The default is a reserved
         * {@code .invalid} address that reaches no one: an operator sets a real one.
         */
        @WithDefault("oai-admin@stele.invalid")
        String adminEmail();

        /** The repositoryName Identify answers. */
        @WithDefault("Stele")
        String repositoryName();

        /**
         * The {@code datacentreSymbol} of {@code oai_datacite} records: the DataCite repository ID that registers
         * this archive's DOIs (e.g. {@code EXAMPLE.STELE}). When absent, the repository name stands in.
         */
        Optional<String> datacentreSymbol();
    }

    interface Signing {
        /**
         * A PEM file holding the EC P-256 private key to sign with (PKCS#8 {@code BEGIN PRIVATE KEY} or SEC1
         * {@code BEGIN EC PRIVATE KEY}), e.g. a mounted Kubernetes Secret. When neither this nor {@link #privateKey()}
         * is set, a key is generated at first start as {@code signing/private-key.pem} under the data directory.
         */
        Optional<Path> privateKeyFile();

        /** The same private key as PEM text, e.g. from a Secret in {@code STELE_SIGNING_PRIVATE_KEY}. */
        Optional<String> privateKey();

        /**
         * A directory of PEM public keys ({@code *.pem}) the archive signed with before it was given its current key,
         * listed (as retired) so their signatures keep verifying, e.g. after a catalog rebuild.
         */
        Optional<Path> previousKeysDir();
    }

    interface DataCite {
        /** The DataCite REST API, e.g. {@code https://api.datacite.org} or the test API {@code https://api.test.datacite.org}. */
        Optional<String> url();

        /** The DataCite repository ID (e.g. {@code ABC.STELE}), the user of HTTP Basic authentication. */
        Optional<String> username();

        /** The repository's password. Never logged, never returned by any endpoint. */
        Optional<String> password();

        /** How long a call to DataCite may take (to connect, and for the whole answer) before it fails and is retried. */
        @WithDefault("30s")
        Duration timeout();

        /** How often each instance sends the changes that wait in the registration queue. */
        @WithDefault("10s")
        Duration tick();

        /** Delay before the first retry of a failed call; doubled at each failure up to {@link #maxRetryDelay()}. */
        @WithDefault("10s")
        Duration retryDelay();

        @WithDefault("1h")
        Duration maxRetryDelay();
    }

    interface Gc {
        /**
         * How long bytes must have been unreferenced (by any version, draft or not) before garbage collection may
         * delete them; a fresh upload not yet attached to a draft counts from its upload.
         */
        @WithDefault("7d")
        Duration gracePeriod();

        /** Whether collections run by themselves every {@link #every()}; when false, only {@code POST /api/v1/admin/gc}. */
        @WithDefault("true")
        boolean scheduled();

        /** How long after the last collection (scheduled or asked for, on any instance) a scheduled one is due. */
        @WithDefault("1d")
        Duration every();

        /** How often each instance looks whether a scheduled collection is due. */
        @WithDefault("10m")
        Duration tick();
    }

    interface Hub {
        /**
         * How long an LFS upload link handed out by the batch endpoint stays usable (checked when a request starts, so a
         * long upload begun in time completes). Each link names one object (and part) and one purpose.
         */
        @WithDefault("6h")
        Duration uploadLinkExpiry();

        /** Files above this size are uploaded as several parts of this size (the Hub's multipart transfer). */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize partSize();

        /** Preupload answers {@code regular} (inline in the commit) for text files up to this size, {@code lfs} otherwise. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize inlineLimit();
    }

    interface Webhooks {
        /** Delay before the first retry of a failed delivery; doubled at each failure (with jitter) up to {@link #maxRetryDelay()}. */
        @WithDefault("5s")
        Duration retryDelay();

        @WithDefault("5h")
        Duration maxRetryDelay();

        /** How long a delivery is retried before it is marked failed. */
        @WithDefault("1d")
        Duration maxAge();

        /** A subscription whose deliveries have all failed for this long is disabled, with the reason, for its owners to see. */
        @WithDefault("5d")
        Duration disableAfter();

        /** How long connecting to a receiver may take. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long a receiver may take to answer, connection included; a slower one counts as a failed attempt. */
        @WithDefault("15s")
        Duration timeout();

        /**
         * Whether subscriptions may target loopback, private, link-local or unique-local addresses (tests, closed
         * networks). Cloud metadata addresses stay refused.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Whether this instance sends deliveries; every instance writes events whatever this says. */
        @WithDefault("true")
        boolean send();

        /** How often each instance looks for deliveries that are due. */
        @WithDefault("1s")
        Duration tick();

        /** How long finished deliveries stay in the delivery log. */
        @WithDefault("30d")
        Duration retention();

        /** How often each instance looks for embargoes that ended, to announce them. */
        @WithDefault("1m")
        Duration embargoCheck();

        /** How many deliveries one instance has in flight at most. */
        @WithDefault("32")
        int maxInFlight();
    }

    interface Search {
        /**
         * How many of the newest matches a text search sorted by relevance ranks; the older matches follow them, newest
         * first. Keeps what a query costs flat however many versions it matches. {@code 0} ranks every match.
         */
        @WithDefault("500")
        int ranked();
    }
}
