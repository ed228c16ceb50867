package org.stele.api.hf;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.archive.reading.HubRevisions;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * {@code GET /api/models}: the Hub's model search ({@code list_models}, {@code listModels}). Only models with a
 * released version are repos; restricted ones only for their members. Pages follow the Hub's {@code Link: <…>;
 * rel="next"} header, the cursor being an offset.
 */
@Path("/hf/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class HubModelsResource {
    static final int MAX_LIMIT = 1000;

    private final HubRevisions revisions;
    private final HubErrors errors;

    HubModelsResource(HubRevisions revisions, HubErrors errors) {
        this.revisions = revisions;
        this.errors = errors;
    }

    /** One model in a listing; with {@code full} or {@code cardData} also its commit, files' names and card. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Listed(@JsonProperty("_id") String objectId, String id, String modelId, String author, int likes, int downloads,
            @JsonProperty("private") boolean privateRepo, boolean gated, List<String> tags, @JsonProperty("pipeline_tag") String pipelineTag,
            @JsonProperty("library_name") String libraryName, String createdAt, String lastModified, String sha,
            Map<String, Object> cardData) {
    }

    @GET
    @Operation(summary = "Hugging Face: list models", description = "search (part of the repo id), author (namespace), filter (tags, "
            + "all must match), sort (lastModified, createdAt, id), direction (-1 for descending), limit; paged by the Link header")
    public Response list(@QueryParam("search") String search, @QueryParam("author") String author, @QueryParam("filter") List<String> filter,
            @QueryParam("sort") String sort, @QueryParam("direction") String direction, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("full") String full, @QueryParam("cardData") String cardData,
            @Context UriInfo uri) {
        int size = limit == null ? MAX_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit must be 1 to " + MAX_LIMIT);
        }
        int offset = offset(cursor);
        boolean detailed = HubRepoResource.flag(full) || HubRepoResource.flag(cardData);
        List<Listed> all = revisions.models(Optional.ofNullable(author).filter(a -> !a.isBlank()), Optional.ofNullable(search)).stream()
                .map(m -> listed(m, detailed))
                .filter(m -> filter == null || filter.stream().allMatch(tag -> m.tags().stream().anyMatch(tag::equalsIgnoreCase)))
                .sorted(order(sort, direction))
                .toList();
        List<Listed> page = all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
        Response.ResponseBuilder answer = Response.ok(page);
        if (offset + size < all.size()) {
            String next = uri.getRequestUriBuilder().replaceQueryParam("cursor", offset + size).build().toString();
            answer.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    private static Listed listed(HubRevisions.Listed model, boolean detailed) {
        HubRevisions.Snapshot latest = model.latest();
        HubRevisions.Revision revision = latest.revision();
        HubCard card = HubCard.of(latest);
        String repo = revision.namespace() + "/" + revision.name();
        return new Listed(ModelInfo.objectId(repo), repo, repo, revision.namespace(), 0, 0, latest.restricted(), false, card.tags(),
                card.pipelineTag(), card.libraryName(), HubDates.format(model.createdAt()), HubDates.format(revision.publishedAt()),
                detailed ? revision.commit() : null, detailed ? card.data() : null);
    }

    /** The Hub sorts descending by default when a sort key is given; {@code direction=1} ascending. */
    private static Comparator<Listed> order(String sort, String direction) {
        Comparator<Listed> by = switch (sort == null ? "" : sort) {
            case "", "trending_score", "trendingScore", "downloads", "likes" -> Comparator.comparing(Listed::lastModified);
            case "lastModified", "last_modified" -> Comparator.comparing(Listed::lastModified);
            case "createdAt", "created_at" -> Comparator.comparing(Listed::createdAt);
            case "id", "modelId" -> Comparator.comparing(Listed::id, String.CASE_INSENSITIVE_ORDER);
            default -> throw new ArchiveException(ErrorCode.INVALID_REQUEST, "sort is one of lastModified, createdAt, id, downloads, likes");
        };
        return "1".equals(direction) ? by.thenComparing(Listed::id) : by.reversed().thenComparing(Listed::id);
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ArchiveException(ErrorCode.INVALID_REQUEST, "cursor is the one a Link header gave");
    }
}
