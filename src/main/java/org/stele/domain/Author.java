package org.stele.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A creator of a model: a name, and optionally an ORCID iD and an affiliation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Author(String name, String orcid, String affiliation) {
}
