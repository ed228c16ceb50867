package org.stele.api.oci;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every answer under {@code /v2} says which protocol it speaks, as the reference registry does. */
public class RegistryHeaders {
    @ServerResponseFilter
    public void version(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/v2")) {
            response.getHeaders().putSingle(RegistryResource.API_VERSION, "registry/2.0");
        }
    }
}
