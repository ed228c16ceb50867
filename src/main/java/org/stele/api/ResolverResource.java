package org.stele.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.Resolver;

/** Persistent identifiers resolve here, forever. Other representations (landing page, citations) come later. */
@Path("/pid")
@Tag(name = "Resolver")
public class ResolverResource {
    private final Resolver resolver;

    ResolverResource(Resolver resolver) {
        this.resolver = resolver;
    }

    @GET
    @Path("{prefix}/{suffix}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an identifier", description = "A version identifier answers its record, a concept identifier "
            + "the model with its latest version; a withdrawn version answers 410 with its tombstone.")
    public Response resolve(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix) {
        Resolver.Resolution resolution = resolver.resolve(prefix, suffix);
        return Response.status(resolution.gone() ? 410 : 200).type(MediaType.APPLICATION_JSON).entity(resolution.record()).build();
    }
}
