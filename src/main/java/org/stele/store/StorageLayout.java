package org.stele.store;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.stele.domain.Digest;
import org.stele.domain.Identifier;

/**
 * Where everything lives in storage (DESIGN, "Blob storage"): the one class that knows the key layout. Content under
 * {@code blobs/sha256/ab/cd/<hex>}, documents under {@code records/{prefix}/{suffix}.json} (a takedown's beside its
 * version's record; each document's signature beside it at {@code <key>.sig}, a version's archive signature at
 * {@code records/{prefix}/{suffix}.model.sig}), one document per identifier ever minted under
 * {@code identifiers/{prefix}/{suffix}.json}, users and namespaces (with their members) under
 * {@code accounts/users/{id}.json} and {@code accounts/namespaces/{name}.json}, documents a rebuild refused under
 * {@code quarantine/}, unfinished work under {@code uploads/} (session chunks and staged writes). Whoever writes, reads,
 * lists or sweeps a key asks here.
 */
public final class StorageLayout {
    /** Every blob, by content: what a catalog rebuild lists to find bytes no record names. */
    public static final String BLOBS = "blobs/sha256/";
    /** Every stored document (version records, model documents, takedown documents). */
    public static final String RECORDS = "records/";
    public static final String QUARANTINE = "quarantine/";
    /** One document per identifier ever minted, so a rebuild never lets a reserved one be minted again. */
    public static final String IDENTIFIERS = "identifiers/";
    /** Users and namespaces with their members (no secrets: tokens are re-issued after a rebuild). */
    public static final String ACCOUNTS = "accounts/";
    /** Every user document. */
    public static final String USERS = ACCOUNTS + "users/";
    /** Every namespace document. */
    public static final String NAMESPACES = ACCOUNTS + "namespaces/";
    /** Every unfinished thing: the upload sweeper's ground. */
    public static final String UPLOADS = "uploads/";
    private static final String SESSIONS = UPLOADS + "sessions/";
    private static final String STAGING = UPLOADS + "staging/";
    private static final String DOCUMENT = ".json";
    private static final String TAKEDOWN = ".takedown.json";
    private static final String VERSION_SIGNATURE = ".model.sig";

    private StorageLayout() {
    }

    /** Key of a blob's content: {@code blobs/sha256/ab/cd/abcd…}. */
    public static String blob(Digest digest) {
        String hex = digest.hex();
        return BLOBS + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }

    /** The digest a key under {@link #BLOBS} is the content of; empty for any other key. */
    public static Optional<Digest> digestOf(String key) {
        if (!key.startsWith(BLOBS)) {
            return Optional.empty();
        }
        try {
            Digest digest = new Digest(key.substring(key.lastIndexOf('/') + 1));
            return blob(digest).equals(key) ? Optional.of(digest) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Key of the record of a version, or of a model's document, by identifier: {@code records/{prefix}/{suffix}.json}. */
    public static String record(String pid) {
        int slash = pid.indexOf('/');
        Identifier id = Identifier.parse(pid.substring(0, slash), pid.substring(slash + 1));
        return RECORDS + id.prefix() + "/" + id.suffix() + DOCUMENT;
    }

    /** Key of a version's takedown document, beside its record: {@code records/{prefix}/{suffix}.takedown.json}. */
    public static String takedown(String pid) {
        String record = record(pid);
        return record.substring(0, record.length() - DOCUMENT.length()) + TAKEDOWN;
    }

    /**
     * Key of a published version's archive signature (a Sigstore bundle in the model_signing format), beside its record:
     * {@code records/{prefix}/{suffix}.model.sig}. Not a document: a rebuild reads records, not signatures.
     */
    public static String versionSignature(String pid) {
        String record = record(pid);
        return record.substring(0, record.length() - DOCUMENT.length()) + VERSION_SIGNATURE;
    }

    /** Where a rebuild moves a stored object it refused (a document its signature does not prove): {@code quarantine/<key>}. */
    public static String quarantine(String key) {
        return QUARANTINE + key;
    }

    /** Key of the document of an identifier, minted for a model or a draft: {@code identifiers/{prefix}/{suffix}.json}. */
    public static String identifier(String pid) {
        return IDENTIFIERS + record(pid).substring(RECORDS.length());
    }

    /** Key of a user's document, by his id (which a rename would not change): {@code accounts/users/{id}.json}. */
    public static String user(UUID id) {
        return USERS + id + DOCUMENT;
    }

    /**
     * Key of a namespace's document with its members: {@code accounts/namespaces/{name}.json}, lower-cased since
     * namespace names are unique regardless of case.
     */
    public static String namespace(String name) {
        return NAMESPACES + name.toLowerCase(Locale.ROOT) + DOCUMENT;
    }

    /** Whether a key is a stored document (record, model, takedown, account or identifier document), not a signature. */
    public static boolean isDocument(String key) {
        return (key.startsWith(RECORDS) || key.startsWith(ACCOUNTS) || key.startsWith(IDENTIFIERS)) && key.endsWith(DOCUMENT);
    }

    /** A new key for one chunk of an upload session, sorting by its offset: {@code uploads/sessions/<id>/<offset>-<random>}. */
    public static String chunk(UUID session, long offset) {
        return SESSIONS + session + "/" + String.format("%020d-%s", offset, UUID.randomUUID());
    }

    /**
     * Key of the one staged object an upload session's chunks are written into where the driver appends in place:
     * {@code uploads/sessions/<id>/staged}.
     */
    public static String staged(UUID session) {
        return SESSIONS + session + "/staged";
    }

    /** Whether a key is under {@code uploads/sessions/}, where only session chunks belong. */
    public static boolean isChunk(String key) {
        return key.startsWith(SESSIONS);
    }

    /** The session a chunk key belongs to; empty when the key names none (a stray object, orphaned by definition). */
    public static Optional<UUID> sessionOf(String key) {
        if (!isChunk(key)) {
            return Optional.empty();
        }
        String rest = key.substring(SESSIONS.length());
        int slash = rest.indexOf('/');
        try {
            return Optional.of(UUID.fromString(slash < 0 ? rest : rest.substring(0, slash)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new staging key for an upload whose content address is not known yet. */
    public static String staging() {
        return STAGING + UUID.randomUUID();
    }

    /** A new staging key for a copy between stores, landing at its address only once proven. */
    public static String copyStaging() {
        return STAGING + "copy-" + UUID.randomUUID();
    }

    /** Whether a key holds staged bytes (of an upload or a copy), which a crash may have left behind. */
    public static boolean isStaging(String key) {
        return key.startsWith(STAGING);
    }
}
