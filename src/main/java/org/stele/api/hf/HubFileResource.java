package org.stele.api.hf;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.ContentResponses;
import org.stele.api.http.PresignedDownloads;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.HubRevisions;
import org.stele.archive.reading.Servability;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;

/**
 * {@code /{repo}/resolve/{rev}/{path}} and {@code /raw/…}: bytes served directly, with the headers huggingface_hub
 * and @huggingface/hub read: {@code X-Repo-Commit} on every answer, the SHA-256 as {@code ETag} and
 * {@code X-Linked-Etag}, {@code X-Linked-Size}, single ranges. No Xet header, ever. With presigned downloads on
 * ({@link PresignedDownloads}), a GET of {@code resolve} may be a 307 to storage carrying the same headers, as the Hub's
 * own redirects to its CDN do; a HEAD never is (Python follows a HEAD's redirect, with the token, to a host it thinks
 * is the Hub's when only the port differs).
 */
@Path("/hf/{namespace}/{name}")
public class HubFileResource {
    private static final String PINNED = "public, max-age=31536000, immutable";
    // A branch moves when a version is published; the ETag (content identity) lets caches revalidate cheaply.
    private static final String MOVING = "no-cache";

    private final HubRevisions revisions;
    private final BlobReads reads;
    private final HubErrors errors;

    private final PresignedDownloads downloads;

    HubFileResource(HubRevisions revisions, BlobReads reads, HubErrors errors, PresignedDownloads downloads) {
        this.downloads = downloads;
        this.revisions = revisions;
        this.reads = reads;
        this.errors = errors;
    }

    @HEAD
    @Path("resolve/{revision}/{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response resolveHead(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @PathParam("path") String path, @Context HttpHeaders request) throws IOException {
        return resolve(true, namespace, name, revision, path, request);
    }

    @GET
    @Path("resolve/{revision}/{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response resolveGet(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @PathParam("path") String path, @Context HttpHeaders request) throws IOException {
        return resolve(false, namespace, name, revision, path, request);
    }

    @HEAD
    @Path("raw/{revision}/{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response rawHead(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @PathParam("path") String path, @Context HttpHeaders request) throws IOException {
        return raw(true, namespace, name, revision, path, request);
    }

    @GET
    @Path("raw/{revision}/{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response rawGet(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @PathParam("path") String path, @Context HttpHeaders request) throws IOException {
        return raw(false, namespace, name, revision, path, request);
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    private Response resolve(boolean head, String namespace, String name, String revision, String path, HttpHeaders request)
            throws IOException {
        HubRevisions.Located found = revisions.locate(namespace, name, revision, path);
        HubRevisions.HubFile file = servable(found);
        String etag = "\"" + file.digest().hex() + "\"";
        String commit = found.revision().commit();
        Response.ResponseBuilder answer;
        try {
            BlobReads.Found bytes = reads.held(file.digest()); // a HEAD must not announce what a GET would refuse
            ContentResponses.Opener opener = downloads.of(bytes);
            String caching = found.revision().pinned() ? PINNED : MOVING;
            answer = file.size() == 0 ? empty(etag, caching, request)
                    : ContentResponses.answer(head, etag, file.digest(), file.size(), MediaType.APPLICATION_OCTET_STREAM, caching,
                            request, opener);
        } catch (ArchiveException e) {
            throw HubErrors.withCommit(e, commit);
        }
        return answer.header("X-Repo-Commit", commit)
                .header("X-Linked-Etag", etag)
                .header("X-Linked-Size", file.size())
                .build();
    }

    /** Git-level content: every file is LFS-class, so this is its pointer text, named by the pointer's git oid. */
    private Response raw(boolean head, String namespace, String name, String revision, String path, HttpHeaders request)
            throws IOException {
        HubRevisions.Located found = revisions.locate(namespace, name, revision, path);
        HubRevisions.HubFile file = servable(found);
        LfsPointer pointer = LfsPointer.of(file.digest(), file.size());
        String commit = found.revision().commit();
        Response.ResponseBuilder answer;
        try {
            answer = ContentResponses.answer(head, "\"" + pointer.oid() + "\"", Digest.ofContent(pointer.text()), pointer.size(),
                    MediaType.TEXT_PLAIN + "; charset=utf-8", found.revision().pinned() ? PINNED : MOVING, request,
                    (offset, length) -> new ByteArrayInputStream(pointer.text(), (int) offset, (int) length));
        } catch (ArchiveException e) {
            throw HubErrors.withCommit(e, commit);
        }
        return answer.header("X-Repo-Commit", commit).build();
    }

    /** Withdrawn bytes are never served (403, Python's DisabledRepoError), embargoed ones not yet (403); a missing path is EntryNotFound. */
    private static HubRevisions.HubFile servable(HubRevisions.Located found) {
        String commit = found.revision().commit();
        HubRevisions.Revision revision = found.revision();
        try {
            // embargoedUntil is set only for callers the embargo holds back
            Servability.requireFiles(new Servability.Version(revision.label(), revision.pid(), revision.withdrawn(), null,
                    revision.embargoedUntil()), false);
        } catch (ArchiveException e) {
            throw HubErrors.withCommit(e, commit);
        }
        // With X-Repo-Commit, Python caches the miss (.no_exist/<commit>/<path>) and stops asking.
        return found.file().orElseThrow(() -> HubErrors.entryNotFound(commit));
    }

    /**
     * A zero-byte file has no byte to range over. The npm client probes every file with {@code bytes=0-0} and
     * throws on a 416, but reads the size after the slash of Content-Range: so 200, empty, {@code bytes *}{@code /0}.
     */
    private static Response.ResponseBuilder empty(String etag, String caching, HttpHeaders request) {
        Response.ResponseBuilder answer = Response.ok()
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, caching)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, 0)
                .type(MediaType.APPLICATION_OCTET_STREAM);
        if (request.getHeaderString("Range") != null) {
            answer.header("Content-Range", "bytes */0");
        }
        return answer;
    }

}
