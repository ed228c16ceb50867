package org.stele.archive.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.ModelName;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.ApiToken;
import org.stele.domain.catalog.AppUser;
import org.stele.domain.catalog.NamespaceMember;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/** Bearer tokens: checks them, issues, lists and revokes them, and installs the first admin's token. */
@ApplicationScoped
public class Tokens {
    static final String PREFIX = "stele_";
    /** The npm Hugging Face client sends only tokens starting with this; users prepend it to a Stele token. */
    static final String HUB_PREFIX = "hf_";
    /** Writing last use on every request would make each read a write: once a minute is enough to tell. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(Tokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Permissions permissions;
    private final Actor actor;
    private final AuditTrail audit;
    private final Accounts accounts;

    Tokens(Actor actor, AuditTrail audit, Permissions permissions, Accounts accounts) {
        this.permissions = permissions;
        this.actor = actor;
        this.audit = audit;
        this.accounts = accounts;
    }

    /** The outcome of checking a bearer token: the token with its user and roles, or why it was refused. */
    public record Authentication(ApiToken token, Actor.Account account, Map<String, Role> roles, String failure) {
        static Authentication failed(String why) {
            return new Authentication(null, null, Map.of(), why);
        }

        public boolean valid() {
            return failure == null;
        }
    }

    /** A token as its owner sees it: never the secret. */
    public record TokenInfo(UUID id, String name, String user, List<String> scopes, List<String> namespaces,
            Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
        static TokenInfo of(ApiToken t, String username) {
            return new TokenInfo(t.id, t.name, username, List.of(t.scopes), t.namespaces == null ? null : List.of(t.namespaces),
                    t.createdAt, t.lastUsedAt, t.expiresAt, t.revokedAt);
        }
    }

    /** A new token: the secret is in this answer and nowhere else, ever. */
    public record IssuedToken(UUID id, String token, String name, String user, List<String> scopes, List<String> namespaces,
            Instant expiresAt) {
    }

    /** The failure of a header that carries no token, such as the {@code Basic} one registry clients send anonymously. */
    public static final String EMPTY = "empty token";

    /**
     * Checks an {@code Authorization: Bearer …} header: the token as is or with {@code hf_} in front (the form
     * Hugging Face clients need). Unknown, expired and revoked tokens are refused, each with its reason.
     */
    public Authentication authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Authentication.failed("not a bearer token");
        }
        return check(authorization.substring(7).trim());
    }

    /**
     * As {@link #authenticate}, also accepting {@code Basic base64(user:token)}: registry clients (skopeo {@code --creds
     * USER:TOKEN}) send credentials so. Only the OCI surface takes it, where browsers are never asked for a password
     * that they would then send along with writes elsewhere.
     */
    public Authentication authenticateRegistry(String authorization) {
        String password = basicPassword(authorization);
        return password == null ? authenticate(authorization) : check(password);
    }

    private Authentication check(String secret) {
        if (secret.isEmpty()) {
            return Authentication.failed(EMPTY);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // As is first: a configured admin token may itself start with hf_.
            Optional<ApiToken> found = ApiToken.findByHash(hash(secret))
                    .or(() -> secret.startsWith(HUB_PREFIX) && secret.length() > HUB_PREFIX.length()
                            ? ApiToken.findByHash(hash(secret.substring(HUB_PREFIX.length()))) : Optional.empty());
            if (found.isEmpty()) {
                return Authentication.failed("unknown token");
            }
            ApiToken token = found.get();
            Instant now = Timestamps.now();
            if (token.revokedAt != null) {
                return Authentication.failed("token " + token.id + " was revoked");
            }
            if (token.expiresAt != null && !now.isBefore(token.expiresAt)) {
                return Authentication.failed("token " + token.id + " expired");
            }
            AppUser user = AppUser.findById(token.userId);
            Map<String, Role> roles = new LinkedHashMap<>();
            NamespaceMember.ofUser(user.id).forEach(m -> roles.put(m.key.namespace.toLowerCase(Locale.ROOT), m.role));
            if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_PRECISION))) {
                token.lastUsedAt = now;
            }
            return new Authentication(token, new Actor.Account(user.id, user.username, user.admin), roles, null);
        });
    }

    /**
     * The password of {@code Authorization: Basic base64(user:password)}; the user name is not checked, the token names
     * its user. Empty for a header without a password (what registry clients send anonymously), null for any other
     * scheme or a malformed header.
     */
    private static String basicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1).trim();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * Issues a token for the caller, or (admins) for {@code username}. A token never grants more than the token
     * that asked for it: its scopes and namespaces are a subset of the caller's, unless the caller is an admin.
     */
    @Transactional
    public IssuedToken issue(String name, List<String> scopeNames, List<String> namespaceNames, Instant expiresAt, String username) {
        permissions.requireAuthenticated("this operation");
        Actor.Account caller = actor.account().orElseThrow();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "a token needs a name of 1 to 200 characters");
        }
        if (scopeNames == null || scopeNames.isEmpty()) {
            throw new ArchiveException(ErrorCode.INVALID_SCOPE, "a token needs at least one scope: read, write, publish, admin");
        }
        Set<Scope> scopes = new LinkedHashSet<>();
        scopeNames.forEach(s -> scopes.add(Scope.parse(s)));
        List<String> namespaces = namespaceNames == null ? null
                : namespaceNames.stream().map(ns -> ModelName.check(ns, "namespace")).distinct().toList();
        if (namespaces != null && namespaces.isEmpty()) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "namespaces, when given, names at least one");
        }
        if (expiresAt != null && !expiresAt.isAfter(Timestamps.now())) {
            throw new ArchiveException(ErrorCode.INVALID_EXPIRY, "expiresAt must be in the future");
        }
        AppUser user = username == null || username.equalsIgnoreCase(caller.username()) ? AppUser.findById(caller.id())
                : forOther(username);
        if (scopes.contains(Scope.admin) && !user.admin) {
            throw Permissions.forbidden("only admin users may hold the admin scope");
        }
        ApiToken mine = actor.token().orElseThrow();
        if (!actor.isAdmin()) {
            if (!scopes.stream().allMatch(mine::has)) {
                throw Permissions.insufficientScope("a token can only be given scopes the token asking for it has");
            }
            if (mine.namespaces != null) {
                if (namespaces == null) {
                    namespaces = List.of(mine.namespaces);
                } else if (!namespaces.stream().allMatch(mine::covers)) {
                    throw Permissions.insufficientScope("a token can only be limited to namespaces the token asking for it may act in");
                }
            }
        }
        String secret = generate();
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.name = name.strip();
        token.tokenHash = hash(secret);
        token.userId = user.id;
        token.scopes = scopes.stream().map(Scope::name).toArray(String[]::new);
        token.namespaces = namespaces == null ? null : namespaces.toArray(String[]::new);
        token.expiresAt = expiresAt;
        token.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", token.name);
        details.put("user", user.username);
        details.put("scopes", List.of(token.scopes));
        details.put("namespaces", namespaces);
        details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        audit.record("token.created", "token:" + token.id, Optional.empty(), details);
        return new IssuedToken(token.id, secret, token.name, user.username, List.of(token.scopes), namespaces, expiresAt);
    }

    /** The tokens of the caller, or (admins) of {@code username}, oldest first. */
    @Transactional
    public List<TokenInfo> list(String username) {
        permissions.requireAuthenticated("this operation");
        Actor.Account caller = actor.account().orElseThrow();
        AppUser user = username == null || username.equalsIgnoreCase(caller.username()) ? AppUser.findById(caller.id())
                : forOther(username);
        return ApiToken.<ApiToken>list("userId = ?1 order by createdAt, id", user.id).stream()
                .map(t -> TokenInfo.of(t, user.username)).toList();
    }

    /** Revokes a token of the caller's (admins: anyone's) at once: the next request with it is refused. */
    @Transactional
    public void revoke(String id) {
        permissions.requireAuthenticated("this operation");
        Actor.Account caller = actor.account().orElseThrow();
        ApiToken token = parseId(id).flatMap(uuid -> ApiToken.<ApiToken>findByIdOptional(uuid))
                .filter(t -> t.userId.equals(caller.id()) || actor.isAdmin())
                .orElseThrow(() -> new ArchiveException(ErrorCode.TOKEN_NOT_FOUND, "no token " + id));
        if (token.revokedAt != null) {
            return;
        }
        token.revokedAt = Timestamps.now();
        AppUser owner = AppUser.findById(token.userId);
        audit.record("token.revoked", "token:" + token.id, Optional.empty(), Map.of("name", token.name, "user", owner.username));
    }

    private AppUser forOther(String username) {
        if (!actor.isAdmin()) {
            throw Permissions.forbidden("only admins act on other users' tokens");
        }
        return AppUser.byUsername(username).orElseThrow(() -> Accounts.userNotFound(username));
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why the configured admin token cannot be applied: startup stops with this one line. */
    public static final class AdminTokenRefused extends RuntimeException {
        AdminTokenRefused(String message) {
            super(message);
        }
    }

    /**
     * Makes sure an admin can get in. At first start, installs the first admin (user {@code admin}, with a personal
     * namespace) and his token. {@code STELE_ADMIN_TOKEN}, when set, always applies: a value the catalog does not know
     * yet becomes a token of the first admin (so setting it after a rebuild, or changing it, works); a value that is
     * a revoked or expired token, or a token of a user who is no admin, stops startup ({@link AdminTokenRefused}).
     * Without it, a token is generated and written once to {@code tokenFile} (mode 0600) when no admin has a usable
     * token: at first start, and after a catalog rebuild (which restores users but never their tokens).
     */
    public void installAdminToken(Optional<String> configured, Path tokenFile) throws IOException {
        Optional<String> given = configured.filter(s -> !s.isBlank());
        String secret = given.orElseGet(Tokens::generate);
        // Replicas starting together take turns (a transaction-scoped advisory lock): only the first installs one.
        String installed = QuarkusTransaction.requiringNew().call(() -> {
            AppUser.lockFirstAdmin();
            if (given.isPresent()) {
                Optional<ApiToken> known = ApiToken.findByHash(hash(secret));
                if (known.isPresent()) {
                    refuseUnusable(known.get());
                    return null;
                }
            } else if (hasUsableAdminToken()) {
                return null;
            }
            Optional<AppUser> existing = firstAdmin();
            AppUser admin = existing.orElseGet(() -> accounts.newUser("admin", "Administrator", null, true));
            ApiToken token = new ApiToken();
            token.id = UUID.randomUUID();
            token.name = existing.isPresent() ? "admin (installed at start)" : "admin";
            token.tokenHash = hash(secret);
            token.userId = admin.id;
            token.scopes = Arrays.stream(Scope.values()).map(Scope::name).toArray(String[]::new);
            token.persist();
            return existing.isPresent() ? "for the existing admin " + admin.username : "for the new admin " + admin.username;
        });
        if (installed == null) {
            return;
        }
        if (given.isPresent()) {
            LOG.infof("Admin token installed from STELE_ADMIN_TOKEN %s", installed);
            return;
        }
        Files.createDirectories(tokenFile.getParent());
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.infof("Admin token generated %s and written to %s (shown nowhere else)", installed,
                tokenFile.toAbsolutePath().normalize());
    }

    /** A configured admin token the catalog knows must still work, and be an admin's. */
    private static void refuseUnusable(ApiToken token) {
        AppUser owner = AppUser.findById(token.userId);
        if (token.revokedAt != null) {
            throw new AdminTokenRefused("STELE_ADMIN_TOKEN is token " + token.id + ", revoked at " + token.revokedAt
                    + "; set a new value (it becomes an admin token) or unset it");
        }
        if (token.expiresAt != null && !Timestamps.now().isBefore(token.expiresAt)) {
            throw new AdminTokenRefused("STELE_ADMIN_TOKEN is token " + token.id + ", expired at " + token.expiresAt
                    + "; set a new value (it becomes an admin token) or unset it");
        }
        if (!owner.admin || !token.has(Scope.admin)) {
            throw new AdminTokenRefused("STELE_ADMIN_TOKEN is a token of " + owner.username + " without admin rights; "
                    + "set a new value (it becomes an admin token) or unset it");
        }
    }

    /** Whether some admin holds a token with the admin scope that is neither revoked nor expired. */
    private static boolean hasUsableAdminToken() {
        Instant now = Timestamps.now();
        return ApiToken.<ApiToken>list("userId in (select u.id from AppUser u where u.admin = true) and revokedAt is null").stream()
                .anyMatch(t -> t.has(Scope.admin) && (t.expiresAt == null || now.isBefore(t.expiresAt)));
    }

    /** The user {@code admin} when he is one, otherwise the oldest admin. */
    private static Optional<AppUser> firstAdmin() {
        return AppUser.<AppUser>find("admin = true order by case when lower(username) = 'admin' then 0 else 1 end, createdAt, id")
                .firstResultOptional();
    }

    /** {@code stele_} and 256 random bits in hex. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
