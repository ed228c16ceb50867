package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ContentResponses;
import org.stele.api.http.PresignedDownloads;
import org.stele.api.http.PublicBase;
import org.stele.api.http.Requests;
import org.stele.api.http.StreamedBody;
import org.stele.api.pid.Negotiation;
import org.stele.api.pid.Representations;
import org.stele.api.pid.VersionAnswer;
import org.stele.archive.deposit.Versions;
import org.stele.archive.export.Bags;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.archive.publishing.Publishing;
import org.stele.archive.publishing.VersionSignatures;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.VersionFiles;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.ErrorCode;
import org.stele.domain.signing.ModelStatement;
import org.stele.domain.signing.SigstoreBundle;

/** Versions of a model: drafts, their files, publishing and withdrawal, downloads. */
@Path("/api/v1/models/{namespace}/{name}/versions")
@Tag(name = "Versions")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {
    private final PublicBase publicBase;
    private final Versions versions;
    private final Publishing publishing;
    private final VersionFiles files;
    private final Resolver resolver;
    private final Representations representations;
    private final ArchiveMetrics metrics;
    private final Bags bags;
    private final VersionSignatures signatures;
    private final PresignedDownloads downloads;

    VersionResource(PublicBase publicBase, Versions versions, Publishing publishing, VersionFiles files, Resolver resolver,
            Representations representations, ArchiveMetrics metrics, Bags bags, VersionSignatures signatures,
            PresignedDownloads downloads) {
        this.publicBase = publicBase;
        this.downloads = downloads;
        this.signatures = signatures;
        this.bags = bags;
        this.metrics = metrics;
        this.resolver = resolver;
        this.representations = representations;
        this.versions = versions;
        this.publishing = publishing;
        this.files = files;
    }

    /**
     * A new draft; descriptive fields given here override the model's for this version. {@code embargoUntil}: once
     * published, its files answer 403 {@code embargoed} until then (its metadata is public).
     */
    public record NewVersion(String version, String title, String description, List<Author> authors, String license,
            List<String> keywords, Instant embargoUntil) {
    }

    /** Content already in the archive, added to a draft by digest. */
    public record AttachedFile(String path, String digest, String kind) {
    }

    /** A file as added to a draft, with warnings for the depositor (e.g. too large for Hugging Face clients). */
    public record AddedFileAnswer(String path, long size, String digest, String mediaType, String kind, List<String> warnings) {
        static AddedFileAnswer of(Versions.AddedFile added) {
            VersionRecord.FileEntry f = added.file();
            return new AddedFileAnswer(f.path(), f.size(), f.digest(), f.mediaType(), f.kind(), added.warnings());
        }
    }

    /** The archive's signature of a version as the API document describes it (the bytes are served as stored). */
    @Schema(name = "SignatureBundle", description = "A Sigstore bundle v0.3 signed with an archive key "
            + "(verificationMaterial also holds an empty tlogEntries: no transparency log)")
    public record SignatureBundle(@Schema(description = SigstoreBundle.MEDIA_TYPE) String mediaType,
            VerificationMaterial verificationMaterial, Envelope dsseEnvelope) {
        /** Names the signing key. */
        @Schema(name = "BundleVerificationMaterial")
        public record VerificationMaterial(PublicKeyHint publicKey) {
        }

        public record PublicKeyHint(@Schema(description = "the id of the key at /api/v1/signing-keys") String hint) {
        }

        /** A DSSE envelope over the in-toto statement. */
        @Schema(name = "DsseEnvelope")
        public record Envelope(@Schema(description = "base64 of the in-toto Statement v1 (JSON)") String payload,
                @Schema(description = "application/vnd.in-toto+json") String payloadType, List<EnvelopeSignature> signatures) {
        }

        @Schema(name = "DsseSignature")
        public record EnvelopeSignature(@Schema(description = "base64 of the ECDSA signature (DER) over the DSSE PAE") String sig,
                @Schema(description = "empty, as model_signing writes it") String keyid) {
        }
    }

    /** Why a version is withdrawn; shown on its tombstone. */
    public record Withdrawal(String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The draft, its identifier reserved", headers = @Header(name = "Location",
            ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionRecord.class)))
    @Operation(operationId = "createVersion",
            summary = "Create a draft", description = "Reserves the version identifier (pid) so it can be cited before publishing.")
    public Response create(@PathParam("namespace") String namespace, @PathParam("name") String name, NewVersion body) {
        NewVersion v = Requests.required(body);
        VersionRecord draft = versions.create(namespace, name, v.version(),
                new Description(v.title(), v.description(), v.authors(), v.license(), v.keywords()), v.embargoUntil());
        return Response.status(201).header("Location", versionPath(draft)).entity(draft).build();
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The record, marked withdrawn if it is, with its preservation status; its "
            + "citation formats as the resolver's",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionAnswer.class)),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)) })
    @Operation(operationId = "getVersion",
            summary = "A version's record, by label or alias", description = "Drafts only with a token. The same "
            + "representations as the resolver; JSON unless another is asked for (text/html explicitly, or ?format=).")
    public Response get(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @QueryParam("format") String format, @QueryParam("style") String style,
            @QueryParam("locale") String locale, @HeaderParam("Accept") String accept, @Context UriInfo uri) {
        Negotiation.Choice choice = Negotiation.choose(format, style, locale, accept, false);
        Resolver.Resolution resolution;
        try {
            resolution = resolver.resolve(namespace, name, version);
        } catch (ArchiveException e) {
            return representations.refusal(choice, e);
        }
        return representations.answer(choice, resolution, publicBase.of(uri), false);
    }

    @GET
    @Path("{version}/bag")
    @Produces(Bags.MEDIA_TYPE)
    @APIResponse(responseCode = "200", description = "The bag, streamed", content = @Content(mediaType = Bags.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @Operation(operationId = "getBag",
            summary = "The version as a BagIt 1.0 zip (RFC 8493)", description = "Every file under data/, SHA-256 and "
            + "SHA-512 manifests, and metadata/ (record.json, datacite.xml, ro-crate-metadata.json, model.sig: the archive signature); streamed. "
            + "410 when withdrawn, 409 version_not_published for a draft.")
    public Response bag(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @Context UriInfo uri) {
        return ContentResponses.bag(bags.prepare(resolver.resolve(namespace, name, version), publicBase.of(uri)));
    }

    @GET
    @Path("{version}/signature")
    @Produces(SigstoreBundle.MEDIA_TYPE)
    @APIResponse(responseCode = "200", description = "The archive's signature of the version", content = @Content(
            mediaType = SigstoreBundle.MEDIA_TYPE, schema = @Schema(implementation = SignatureBundle.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "Gone")
    @Operation(operationId = "getVersionSignature",
            summary = "The archive's signature of a published version", description = "A Sigstore bundle v0.3 in the "
            + "OpenSSF model_signing format (key method; publicKey.hint = the key's id at /api/v1/signing-keys): an "
            + "in-toto statement listing every file with its SHA-256, subject = the version's identifier. Check it with "
            + "`model_signing verify key <dir> --signature <this> --public-key <key.pem>`. Answers as the files do: 410 "
            + "when withdrawn, 403 under embargo, 404 when not visible; 409 version_not_published for a draft.")
    public Response signature(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version) {
        return Response.ok(signatures.find(namespace, name, version), SigstoreBundle.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + ModelStatement.SIGNATURE_FILE + "\"").build();
    }

    @DELETE
    @Path("{version}")
    @APIResponse(responseCode = "204", description = "Discarded")
    @Operation(operationId = "discardDraft",
            summary = "Discard a draft", description = "Its label and identifier are never reused.")
    public Response discard(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version) {
        versions.discard(namespace, name, version);
        return Response.noContent().build();
    }

    @POST
    @Path("{version}/publish")
    @Operation(operationId = "publishVersion",
            summary = "Publish a draft", description = "Freezes it, computes its manifest digest and writes its record to storage. "
                    + "A draft holding model.sig at its root (a model_signing Sigstore bundle) publishes only if it verifies "
                    + "with a signing key of the namespace against every other file; the record then names the signer "
                    + "(depositorSignature). Otherwise 422 signature_*, and the version stays a draft.")
    public VersionRecord publish(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version) {
        return publishing.publish(namespace, name, version);
    }

    @PATCH
    @Path("{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EmbargoChange")))
    @Operation(operationId = "setEmbargo",
            summary = "Set or lift a version's embargo", description = "{\"embargoUntil\": \"<instant>\"|null}: the one change "
            + "a published version allows besides withdrawal (owner role, publish scope); on drafts the maintainer role and "
            + "write scope.")
    public VersionRecord embargo(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, Map<String, Object> body) {
        if (body == null || body.size() != 1 || !body.containsKey("embargoUntil")) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "only embargoUntil can change: {\"embargoUntil\": \"2030-01-01T00:00:00Z\"} or null to lift it");
        }
        return versions.setEmbargo(namespace, name, version, instant(body.get("embargoUntil")));
    }

    @POST
    @Path("{version}/withdrawal-request")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "WithdrawalRequested")))
    @Operation(operationId = "requestWithdrawal",
            summary = "Ask the admins to withdraw a published version", description = "Recorded in the audit trail "
            + "(withdrawal.requested); withdrawal itself stays an admin act. Owner role, publish scope. 202.")
    public Response requestWithdrawal(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, Withdrawal body) {
        publishing.requestWithdrawal(namespace, name, version, Requests.required(body).reason());
        return Response.accepted(Map.of("status", "requested")).build();
    }

    @POST
    @Path("{version}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "withdrawVersion",
            summary = "Withdraw a published version", description = "Files answer 410; the identifier resolves to a "
            + "tombstone. Admins only.")
    public VersionRecord withdraw(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, Withdrawal body) {
        return publishing.withdraw(namespace, name, version, Requests.required(body).reason());
    }

    @PUT
    @Path("{version}/files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = true, content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "A new path", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AddedFileAnswer.class)))
    @APIResponse(responseCode = "200", description = "The path's file replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AddedFileAnswer.class)))
    @Operation(operationId = "putFile",
            summary = "Stream a file into a draft", description = "Same streaming, hashing and ?digest= rules as blobs; "
            + "?kind= overrides the kind inferred from the name. 201 for a new path, 200 when it replaces one.")
    public Response putFile(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @PathParam("path") String path, @QueryParam("kind") String kind,
            @QueryParam("digest") String digest) throws IOException {
        return added(versions.put(namespace, name, version, path, kind, digest, () -> metrics.uploaded(StreamedBody.open())));
    }

    @POST
    @Path("{version}/files")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "A new path", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AddedFileAnswer.class)))
    @APIResponse(responseCode = "200", description = "The path's file replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AddedFileAnswer.class)))
    @Operation(operationId = "attachFile",
            summary = "Add stored content to a draft by digest", description = "No bytes are sent again; 404 blob_not_found if "
            + "unknown. Only content the caller could read by hash, or uploaded himself; otherwise the answer a read by hash "
            + "would give (404, 403 or 410) and nothing changes: upload the bytes (deduplicated) and attach them then.")
    public Response attach(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, AttachedFile body) {
        AttachedFile f = Requests.required(body);
        return added(versions.attach(namespace, name, version, f.path(), f.digest(), f.kind()));
    }

    @DELETE
    @Path("{version}/files/{path: .+}")
    @APIResponse(responseCode = "204", description = "Removed")
    @Operation(operationId = "deleteFile", summary = "Remove a file from a draft")
    public Response deleteFile(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @PathParam("path") String path) {
        versions.deleteFile(namespace, name, version, path);
        return Response.noContent().build();
    }

    @GET
    @Path("{version}/files/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "Bytes")
    @APIResponse(responseCode = "206", ref = "PartialBytes")
    @APIResponse(responseCode = "304", ref = "NotModified")
    @Operation(operationId = "downloadFile",
            summary = "Download a file", description = "Range, If-None-Match and ETag as for blobs; 410 when withdrawn.")
    public Response download(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @PathParam("path") String path,
            @Context HttpHeaders headers) throws IOException {
        return serve(false, namespace, name, version, path, headers);
    }

    @HEAD
    @Path("{version}/files/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "ByteFacts")
    @APIResponse(responseCode = "304", ref = "NotModified")
    @Operation(operationId = "headFile", summary = "Size, ETag and Repr-Digest of a file")
    public Response head(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, @PathParam("path") String path,
            @Context HttpHeaders headers) throws IOException {
        return serve(true, namespace, name, version, path, headers);
    }

    private Response serve(boolean head, String namespace, String name, String version, String path, HttpHeaders headers)
            throws IOException {
        VersionFiles.Found file = files.find(namespace, name, version, path);
        return ContentResponses.answer(head, file.digest(), file.size(), file.mediaType(), headers, downloads.of(file.bytes()));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ArchiveException(ErrorCode.INVALID_EMBARGO, "embargoUntil is an RFC 3339 instant, e.g. 2030-01-01T00:00:00Z");
        }
    }

    private static Response added(Versions.AddedFile added) {
        return Response.status(added.created() ? 201 : 200).entity(AddedFileAnswer.of(added)).build();
    }

    private static String versionPath(VersionRecord record) {
        return "/api/v1/models/" + record.namespace() + "/" + record.name() + "/versions/" + record.version();
    }
}
