package org.stele.api.pid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.stele.archive.reading.VersionView;
import org.stele.archive.registration.Registration;

/**
 * A version as the native API answers it: its record and preservation status ({@link VersionView}) and, for the
 * namespace's owners and administrators when DataCite registration is on, how its identifier stands at DataCite.
 *
 * @param registration the identifier's state at DataCite and the last error; absent for everyone else
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionAnswer(@JsonUnwrapped VersionView view, Registration.Status registration) {
}
