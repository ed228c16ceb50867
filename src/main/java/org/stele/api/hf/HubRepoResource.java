package org.stele.api.hf;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.archive.reading.HubRevisions;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.Servability;
import org.stele.archive.registration.RegisteredDois;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;

/**
 * The Hub's model API: info, tree, paths-info, refs and commits. Every answer fits in one page (no
 * {@code Link}), and {@code limit}/{@code cursor} are ignored: a version's file list is complete or nothing.
 */
@Path("/hf/api/models/{namespace}/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class HubRepoResource {
    private final HubRevisions revisions;
    private final HubErrors errors;
    private final RegisteredDois dois;

    HubRepoResource(HubRevisions revisions, HubErrors errors, RegisteredDois dois) {
        this.revisions = revisions;
        this.errors = errors;
        this.dois = dois;
    }

    /** JS sends {@code {"paths": […], "expand": true}}; Python the same as a form. */
    public record PathsQuery(List<String> paths, Boolean expand) {
    }

    @GET
    public ModelInfo info(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("blobs") String blobs) {
        return info(namespace, name, VersionLookup.MAIN, blobs);
    }

    @GET
    @Path("revision/{revision}")
    public ModelInfo info(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @QueryParam("blobs") String blobs) {
        HubRevisions.Snapshot snapshot = revisions.snapshot(namespace, name, revision);
        HubRevisions.Revision found = snapshot.revision();
        if (found.withdrawn()) {
            throw HubErrors.withCommit(Servability.withdrawn(found.label(), found.pid(), null), found.commit());
        }
        return ModelInfo.of(snapshot, flag(blobs), dois.findable(found.pid()));
    }

    @GET
    @Path("tree/{revision}")
    public List<TreeEntry> tree(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @QueryParam("recursive") String recursive, @QueryParam("expand") String expand) {
        return new RepoTree(revisions.snapshot(namespace, name, revision)).list("", flag(recursive), flag(expand));
    }

    /** Python sends the path with {@code /} as {@code %2F}; JS sends it as is. Both arrive decoded. */
    @GET
    @Path("tree/{revision}/{path: .+}")
    public List<TreeEntry> tree(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @PathParam("path") String path, @QueryParam("recursive") String recursive,
            @QueryParam("expand") String expand) {
        HubRevisions.Snapshot snapshot = revisions.snapshot(namespace, name, revision);
        RepoTree tree = new RepoTree(snapshot);
        String dir = FilePath.normalize(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (!tree.contains(dir)) {
            throw HubErrors.entryNotFound(snapshot.revision().commit());
        }
        return tree.list(dir, flag(recursive), flag(expand));
    }

    @POST
    @Path("paths-info/{revision}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public List<TreeEntry> pathsInfo(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @FormParam("paths") List<String> paths, @FormParam("expand") String expand) {
        return pathsInfo(namespace, name, revision, paths, flag(expand));
    }

    @POST
    @Path("paths-info/{revision}")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<TreeEntry> pathsInfo(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, PathsQuery query) {
        if (query == null || query.paths() == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "paths-info needs {\"paths\": [...]}");
        }
        return pathsInfo(namespace, name, revision, query.paths(), Boolean.TRUE.equals(query.expand()));
    }

    @GET
    @Path("refs")
    public RepoRefs refs(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return RepoRefs.of(revisions.refs(namespace, name));
    }

    /** The whole history in one page; the npm client's countCommits reads X-Total-Count. */
    @GET
    @Path("commits/{revision}")
    public Response commits(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision) {
        List<CommitEntry> commits = revisions.history(namespace, name, revision).stream().map(CommitEntry::of).toList();
        return Response.ok(commits).header("X-Total-Count", commits.size()).build();
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    /** Unknown paths, and paths no file could have, are left out, as the Hub does. */
    private List<TreeEntry> pathsInfo(String namespace, String name, String revision, List<String> paths, boolean expand) {
        RepoTree tree = new RepoTree(revisions.snapshot(namespace, name, revision));
        List<TreeEntry> entries = new ArrayList<>();
        for (String path : new LinkedHashSet<>(paths == null ? List.<String>of() : paths)) {
            try {
                tree.entry(FilePath.normalize(path), expand).ifPresent(entries::add);
            } catch (ArchiveException invalidPath) {
                // not a path any file can have: omitted like any unknown one
            }
        }
        return entries;
    }

    /** Python 0.x sends True/False, later versions and JS true/false; 1/0 are accepted too. */
    static boolean flag(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
