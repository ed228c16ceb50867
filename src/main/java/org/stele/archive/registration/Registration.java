package org.stele.archive.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.Permissions;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.citation.Citations;
import org.stele.archive.metrics.DataCiteMetrics;
import org.stele.archive.notification.EventOutbox;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.reading.VersionRecords;
import org.stele.config.ConfigurationProblem;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.Role;

/**
 * Registers the archive's identifiers with DataCite as DOIs, through the registration queue: the catalog's triggers
 * queue every change of a model or version in the transaction that makes it, and this sender works through the queue
 * on every instance ({@code FOR UPDATE SKIP LOCKED}: one instance per identifier at a time). For each identifier it
 * computes, at send time, what DataCite should hold, so a send is idempotent and a later one supersedes an earlier:
 * <ul>
 * <li>a draft version, or a model with nothing released: a DataCite <b>draft</b> ({@code POST /dois});</li>
 * <li>a published version, or a model with a published version: <b>findable</b> ({@code PUT} with {@code event:
 * publish} and the full DataCite JSON the resolver serves; later changes are a {@code PUT} without event);</li>
 * <li>a withdrawn version (taken down or not), or a model whose versions are all withdrawn: <b>registered</b>
 * ({@code event: hide}; the DOI keeps resolving, to the tombstone);</li>
 * <li>a discarded draft: its DataCite draft is deleted ({@code DELETE /dois/{doi}});</li>
 * <li>a restricted model: nothing is sent while it is restricted (a DOI findable before is hidden, metadata
 * untouched); once public, its identifiers follow the rules above.</li>
 * </ul>
 * An embargo closes files, not metadata: a version under embargo is findable, with an {@code Available} date.
 * A failed call (no answer, 5xx, 4xx, an answer that is not DataCite's) is retried with a doubling delay and its error
 * kept on the identifier's row for its owners and administrators; publishing never waits for any of this.
 */
@ApplicationScoped
public class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 20;
    private static final int MAX_PAGE = 500;
    /** DataCite's test prefix: never findable at doi.org, whatever DataCite says. */
    static final String TEST_PREFIX = "10.5072";

    /** What DataCite holds for an identifier, as last sent: nothing, a draft, findable, registered (hidden), deleted. */
    public enum State {
        none, draft, findable, registered, deleted
    }

    /**
     * One identifier's registration as its owners and administrators see it.
     *
     * @param state        what DataCite holds, as last sent: {@code none}, {@code draft}, {@code findable},
     *                     {@code registered} (hidden: resolves, not listed) or {@code deleted}
     * @param pending      a change waits to be sent, since {@code pendingSince}
     * @param attempts     failed attempts at the waiting change
     * @param nextAttempt  when the waiting change is next tried
     * @param lastError    why the last attempt failed; null once a send succeeds
     * @param sentAt       when a change was last sent successfully
     */
    public record Status(String pid, String state, boolean pending, Instant pendingSince, int attempts, Instant lastAttemptAt,
            Instant nextAttempt, String lastError, Instant lastErrorAt, Instant sentAt) {
    }

    private final RegistrationQueue queue;
    private final Permissions permissions;
    private final DataCiteMetrics metrics;
    private final EventOutbox outbox;
    private final SteleConfig.DataCite config;
    private final String prefix;
    private final Optional<String> publicBaseUrl;
    private final Optional<DataCiteApi> api;
    private volatile boolean stopping;

    Registration(RegistrationQueue queue, Permissions permissions, DataCiteMetrics metrics, SteleConfig config, EventOutbox outbox) {
        this.outbox = outbox;
        this.queue = queue;
        this.permissions = permissions;
        this.metrics = metrics;
        this.config = config.datacite();
        this.prefix = config.pidPrefix();
        this.publicBaseUrl = config.publicBaseUrl().filter(u -> !u.isBlank());
        SteleConfig.DataCite d = config.datacite();
        boolean complete = present(d.url()) && present(d.username()) && present(d.password());
        this.api = complete && publicBaseUrl.isPresent()
                ? Optional.of(new DataCiteApi(d.url().get(), d.username().get(), d.password().get(), d.timeout()))
                : Optional.empty();
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }

    /**
     * Refuses half a configuration at start (a mistake to report, not a registration silently off), and says in the log
     * when registration is on.
     *
     * @throws ConfigurationProblem naming what is missing
     */
    public void verifyConfiguration() {
        SteleConfig.DataCite d = config;
        List<String> missing = new ArrayList<>();
        if (!present(d.url())) {
            missing.add("STELE_DATACITE_URL");
        }
        if (!present(d.username())) {
            missing.add("STELE_DATACITE_USERNAME");
        }
        if (!present(d.password())) {
            missing.add("STELE_DATACITE_PASSWORD");
        }
        if (missing.size() == 3) {
            return;
        }
        if (publicBaseUrl.isEmpty()) {
            missing.add("STELE_PUBLIC_BASE_URL (the landing pages DOIs resolve to)");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationProblem("DataCite registration also needs " + String.join(", ", missing));
        }
        if (!d.url().get().strip().matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
            throw new ConfigurationProblem("STELE_DATACITE_URL must be an http(s) URL such as https://api.datacite.org, not "
                    + d.url().get());
        }
        LOG.infof("DataCite registration on: %s as %s, prefix %s", d.url().get(), d.username().get(), prefix);
    }

    /** Whether registration is configured (URL, repository and password, and a public base URL). */
    public boolean configured() {
        return api.isPresent();
    }

    /** Whether DataCite holds {@code pid} as a findable DOI that doi.org resolves: never under the test prefix. */
    boolean findable(String pid) {
        if (api.isEmpty() || !pid.startsWith(prefix + "/") || pid.startsWith(TEST_PREFIX + "/")) {
            return false;
        }
        return QuarkusTransaction.joiningExisting().call(() -> queue.findable(pid));
    }

    /**
     * What DataCite holds for {@code pid} as last sent ({@code none}, {@code draft}, {@code findable}, {@code registered},
     * {@code deleted}) and whether a change waits to be sent; empty when registration is off. Public facts (DataCite
     * shows them to anyone), unlike {@link #statusFor}'s errors and attempts.
     */
    public Optional<PublicState> publicState(String pid) {
        if (api.isEmpty() || pid == null) {
            return Optional.empty();
        }
        return Optional.of(QuarkusTransaction.joiningExisting().call(() -> queue.status(pid))
                .map(s -> new PublicState(s.state(), s.pending())).orElse(new PublicState(State.none.name(), true)));
    }

    /** An identifier's DataCite state as readers may know it. */
    public record PublicState(String state, boolean pending) {
    }

    @Scheduled(every = "${stele.datacite.tick}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void tick() {
        if (api.isEmpty()) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("DataCite registration paused, will retry: %s", e.getMessage());
        }
    }

    /**
     * Sends every change that is due, until none is or the service stops; a call that fails waits for a later pass.
     * Safe on any number of instances at once.
     */
    public void drain() {
        if (api.isEmpty()) {
            return;
        }
        // Longer than any call may take, so an instance still sending is never overtaken on the same identifier.
        Duration claim = config.timeout().multipliedBy(2).plusSeconds(5);
        Instant started = QuarkusTransaction.requiringNew().call(queue::now);
        while (!stopping) {
            List<RegistrationQueue.Task> tasks = QuarkusTransaction.requiringNew()
                    .call(() -> queue.claim(prefix, started, claim, BATCH));
            if (tasks.isEmpty()) {
                break;
            }
            tasks.forEach(this::send);
        }
        RegistrationQueue.Counts counts = QuarkusTransaction.requiringNew().call(() -> queue.counts(prefix));
        metrics.queue(counts.byState(), counts.pending(), counts.failing(),
                counts.oldestPending() == null ? 0 : Duration.between(counts.oldestPending(), Timestamps.now()).toSeconds());
    }

    /** What to do for one identifier: a call (or none) and the state DataCite holds after it. */
    private record Plan(String call, JsonNode body, State after) {
        static Plan nothing(State state) {
            return new Plan(null, null, state);
        }
    }

    private void send(RegistrationQueue.Task task) {
        Plan plan;
        try {
            plan = QuarkusTransaction.requiringNew().call(() -> plan(task));
        } catch (RuntimeException e) {
            failed(task, "cannot make the DataCite record: " + e.getMessage());
            return;
        }
        DataCiteApi datacite = api.orElseThrow();
        String digest = plan.body() == null ? null : metadataDigest(plan.body());
        boolean call = plan.call() != null && !(plan.call().equals("update") && digest.equals(task.sentDigest()));
        try {
            if (call) {
                switch (plan.call()) {
                    case "draft" -> datacite.createDraft(task.pid(), plan.body());
                    case "delete" -> datacite.deleteDraft(task.pid());
                    default -> datacite.put(task.pid(), plan.body());
                }
                metrics.call(plan.call(), true);
            }
            QuarkusTransaction.requiringNew().run(() -> queue.sent(task, plan.after(), call ? digest : null));
        } catch (DataCiteApi.Failure e) {
            metrics.call(plan.call(), false);
            failed(task, e.getMessage());
        }
    }

    /** The digest of what a document says of the DOI, whatever event carried it there. */
    private static String metadataDigest(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        ((ObjectNode) copy.path("data").path("attributes")).remove("event");
        return Digest.ofContent(copy.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void failed(RegistrationQueue.Task task, String reason) {
        String error = reason.replaceAll("\\p{Cntrl}", " "); // PostgreSQL text takes no NUL, and the error is one line
        long delay = Math.min(config.maxRetryDelay().toMillis(),
                config.retryDelay().toMillis() << Math.min(30, Math.max(0, task.attempts() - 1)));
        LOG.debugf("DataCite registration of %s failed (attempt %d), retry in %d ms: %s", task.pid(), task.attempts(), delay, error);
        QuarkusTransaction.requiringNew().run(() -> {
            queue.failed(task, Duration.ofMillis(delay), error);
            if (task.attempts() == 1) { // the first failure since the last success: administrators hear of it once
                outbox.registrationFailed(task.pid(), error);
            }
        });
    }

    /** What DataCite should hold for the identifier now, from the catalog, and the call that gets it there. */
    private Plan plan(RegistrationQueue.Task task) {
        State current = task.state();
        PersistentIdentifier id = PersistentIdentifier.findById(task.pid());
        Model model = id == null || id.modelId == null ? null : Model.findById(id.modelId);
        if (model == null) {
            return Plan.nothing(current);
        }
        if (model.restricted()) {
            // Nothing of a restricted model goes out; what was findable before is hidden, its metadata left as it was.
            return current == State.findable ? new Plan("hide", document(task.pid(), null, "hide"), State.registered)
                    : Plan.nothing(current);
        }
        if (PersistentIdentifier.CONCEPT.equals(id.kind)) {
            if (ModelVersion.released(model.id).isEmpty()) {
                return draft(task.pid(), current);
            }
            VersionRecord.Concept concept = VersionRecords.concept(model);
            return registered(task.pid(), current, concept, concept.latest() != null);
        }
        ModelVersion version = ModelVersion.findById(id.versionId);
        return switch (version.state) {
            case draft -> draft(task.pid(), current);
            case discarded -> current == State.draft ? new Plan("delete", null, State.deleted) : Plan.nothing(current);
            case published -> registered(task.pid(), current, VersionRecords.of(model, version), true);
            case withdrawn -> registered(task.pid(), current, VersionRecords.of(model, version), false);
        };
    }

    private static Plan draft(String pid, State current) {
        if (current != State.none) {
            return Plan.nothing(current); // a draft already, or further along: DataCite has no way back
        }
        ObjectNode attributes = JSON.createObjectNode().put("doi", pid);
        return new Plan("draft", envelope(null, attributes), State.draft);
    }

    /** Findable, or registered (hidden) when {@code findable} is false, with the full record as the resolver serves it. */
    private Plan registered(String pid, State current, Object record, boolean findable) {
        String event;
        if (findable) {
            event = current == State.findable ? null : "publish";
        } else {
            event = current == State.findable ? "hide" : current == State.registered ? null : "register";
        }
        return new Plan(event == null ? "update" : event, document(pid, record, event),
                findable ? State.findable : State.registered);
    }

    /** The JSON:API document of a PUT: the DataCite JSON Stele serves for the record (one mapping), and the event. */
    private JsonNode document(String pid, Object record, String event) {
        ObjectNode attributes;
        if (record == null) {
            attributes = JSON.createObjectNode();
        } else {
            // DataCite holds (or is about to hold) every identifier under the prefix as a DOI: send them as DOIs,
            // whether or not doi.org resolves them yet.
            String served = new Citations(publicBaseUrl.orElseThrow(), null, id -> id.startsWith(prefix + "/"))
                    .render(CitationFormat.DATACITE_JSON, record, null, null);
            try {
                attributes = (ObjectNode) JSON.readTree(served);
            } catch (IOException e) {
                throw new IllegalStateException("the DataCite JSON of " + pid + " does not parse", e);
            }
        }
        if (event != null) {
            attributes.put("event", event);
        }
        return envelope(pid, attributes);
    }

    private static JsonNode envelope(String pid, ObjectNode attributes) {
        ObjectNode data = JSON.createObjectNode();
        if (pid != null) {
            data.put("id", pid);
        }
        data.put("type", "dois");
        data.set("attributes", attributes);
        return JSON.createObjectNode().set("data", data);
    }

    /**
     * The registration of a version's or model's identifier, for its namespace's owners and administrators; empty for
     * anyone else, and when registration is off.
     */
    public Optional<Status> statusFor(String pid, String namespace) {
        if (api.isEmpty() || !permissions.holds(namespace, Role.owner)) {
            return Optional.empty();
        }
        return QuarkusTransaction.joiningExisting().call(() -> queue.status(pid));
    }

    /**
     * Every identifier under the archive's prefix and its registration, in identifier order, for administrators:
     * all, or those {@code failing}, {@code pending} or in one DataCite state.
     *
     * @throws ArchiveException 400 {@code invalid_request} for another condition, {@code invalid_limit}, {@code invalid_cursor}
     */
    public Page<Status> list(Optional<String> condition, Optional<String> cursor, int limit) {
        permissions.requireAdmin();
        if (condition.isPresent() && !condition.get().equals("failing") && !condition.get().equals("pending")
                && !DataCiteMetrics.STATES.contains(condition.get())) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "state is failing, pending, or one of " + DataCiteMetrics.STATES);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit is 1 to " + MAX_PAGE);
        }
        String after = cursor.map(Registration::pidFromCursor).orElse("");
        List<Status> rows = QuarkusTransaction.requiringNew().call(() -> queue.list(prefix, condition, after, limit + 1));
        boolean more = rows.size() > limit;
        List<Status> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(page), more ? cursorOf(page.get(page.size() - 1).pid()) : null);
    }

    private static String cursorOf(String pid) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r" + pid).getBytes(StandardCharsets.UTF_8));
    }

    private static String pidFromCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.length() > 1 && text.charAt(0) == 'r') {
                return text.substring(1);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ArchiveException(ErrorCode.INVALID_CURSOR, "the cursor is not one this API gave out");
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
