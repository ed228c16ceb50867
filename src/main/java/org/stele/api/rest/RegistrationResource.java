package org.stele.api.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.registration.Registration;
import org.stele.domain.Page;

/** The DataCite registration of every identifier, for administrators. */
@Path("/api/v1/admin/registrations")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {
    private final Registration registration;

    RegistrationResource(Registration registration) {
        this.registration = registration;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listRegistrations",
            summary = "Identifiers and their DataCite registration (admin)", description = "Every identifier under the "
            + "archive's prefix, in identifier order: its state at DataCite (none, draft, findable, registered, deleted), "
            + "whether a change waits to be sent, and the last error. ?state=failing (last call failed), pending, or a "
            + "state; ?cursor= from nextCursor; limit 1 to 500 (default 100).")
    public Page<Registration.Status> list(@QueryParam("state") String state, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return registration.list(Optional.ofNullable(state).filter(s -> !s.isBlank()), Optional.ofNullable(cursor), limit);
    }
}
