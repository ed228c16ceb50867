package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stele.archive.access.Permissions;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionState;

/** A model as its page shows it: the concept, the timeline of its released versions, and its lineage graph. */
@ApplicationScoped
public class ModelOverview {
    private final Permissions permissions;

    ModelOverview(Permissions permissions) {
        this.permissions = permissions;
    }

    /**
     * A released version on the timeline. {@code state} is {@code published}, {@code embargoed} (published, files closed
     * until {@code embargoUntil}) or {@code withdrawn}; {@code aliases} the names that point at it, {@code latest} first.
     */
    public record Release(String label, String pid, String state, Instant publishedAt, Instant withdrawnAt, Instant embargoUntil,
            List<String> aliases) {
    }

    /** What the page shows. */
    public record Overview(Resolver.Resolution resolution, List<Release> timeline, LineageGraph lineage) {
    }

    /** The model if this reader may see it (else 404 as if it did not exist). */
    @Transactional
    public Overview of(String namespace, String name) {
        Model model = permissions.visible(namespace, name);
        VersionRecord.Concept concept = VersionRecords.concept(model);
        Map<Long, List<String>> aliases = new HashMap<>();
        VersionLookup.latest(model.id).ifPresent(v -> aliases.computeIfAbsent(v.id, id -> new ArrayList<>()).add(Alias.LATEST));
        for (Alias alias : Alias.<Alias>list("key.modelId = ?1 order by key.name", model.id)) {
            aliases.computeIfAbsent(alias.versionId, id -> new ArrayList<>()).add(alias.key.name);
        }
        Instant now = Timestamps.now();
        List<Release> timeline = ModelVersion.released(model.id).stream().map(v -> new Release(v.label, v.pid,
                v.state == VersionState.withdrawn ? "withdrawn" : v.embargoed(now) ? "embargoed" : "published",
                v.publishedAt, v.withdrawnAt, v.state == VersionState.withdrawn ? null : v.embargoUntil,
                aliases.getOrDefault(v.id, List.of()))).toList();
        return new Overview(new Resolver.Resolution(null, concept, null, null), timeline, Lineage.graph(model, concept.latest()));
    }
}
