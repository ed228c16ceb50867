package org.stele.archive.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.ModelName;
import org.stele.domain.catalog.AccountChanged;
import org.stele.domain.catalog.AppUser;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.NamespaceMember;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/** Users, namespaces and their members. Callers check permissions first ({@link Permissions}). */
@ApplicationScoped
public class Accounts {
    private final Permissions permissions;
    private final AuditTrail audit;
    /** Observed in the same transaction, so each change reaches storage as a document before it commits. */
    private final Event<AccountChanged> changed;

    Accounts(AuditTrail audit, Permissions permissions, Event<AccountChanged> changed) {
        this.permissions = permissions;
        this.audit = audit;
        this.changed = changed;
    }

    /** A user and the namespaces he has a role in (his personal one among them). */
    public record UserView(String username, String name, String email, boolean admin, Instant createdAt,
            List<NamespaceRole> namespaces) {
        static UserView of(AppUser u) {
            List<NamespaceRole> roles = NamespaceMember.ofUser(u.id).stream()
                    .map(m -> new NamespaceRole(m.key.namespace, m.role.name()))
                    .sorted(java.util.Comparator.comparing(NamespaceRole::namespace)).toList();
            return new UserView(u.username, u.name, u.email, u.admin, u.createdAt, roles);
        }
    }

    public record NamespaceRole(String namespace, String role) {
    }

    public record Member(String username, String role) {
    }

    public record NamespaceView(String name, List<Member> members) {
    }

    /** A user and his personal namespace (named after him, he its owner). */
    @Transactional
    public UserView createUser(String username, String name, String email) {
        permissions.requireAdmin();
        ModelName.check(username, "username");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "a user needs a name of 1 to 200 characters");
        }
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            throw new ArchiveException(ErrorCode.INVALID_EMAIL, "not an email address: " + email);
        }
        if (AppUser.byUsername(username).isPresent()) {
            throw new ArchiveException(ErrorCode.USER_EXISTS, "the username " + username + " is taken");
        }
        if (Namespace.byName(username).isPresent()) {
            throw new ArchiveException(ErrorCode.NAMESPACE_EXISTS, "a namespace " + username + " exists; a user's personal namespace takes his username");
        }
        AppUser user = newUser(username, name.strip(), email, false);
        audit.record("user.created", "user:" + user.username, Optional.of(user.username),
                email == null ? Map.of("name", user.name) : Map.of("name", user.name, "email", email));
        AppUser.getEntityManager().refresh(user); // created_at is the database's
        return UserView.of(user);
    }

    /** Persists a user, his personal namespace and his ownership of it, and their documents. Call inside a transaction. */
    AppUser newUser(String username, String name, String email, boolean admin) {
        AppUser user = new AppUser();
        user.id = UUID.randomUUID();
        user.username = username;
        user.name = name;
        user.email = email;
        user.admin = admin;
        user.persistAndFlush();
        String namespace = Namespace.ensure(username);
        NamespaceMember owner = new NamespaceMember();
        owner.key = new NamespaceMember.Key(namespace, user.id);
        owner.role = Role.owner;
        owner.persist();
        changed.fire(AccountChanged.ofUser(user.id));
        changed.fire(AccountChanged.ofNamespace(namespace));
        return user;
    }

    @Transactional
    public UserView user(String username) {
        permissions.requireAuthenticated("this operation");
        if (!permissions.isUserOrAdmin(username)) {
            throw userNotFound(username);
        }
        return UserView.of(AppUser.byUsername(username).orElseThrow(() -> userNotFound(username)));
    }

    @Transactional
    public NamespaceView createNamespace(String name) {
        permissions.requireAdmin();
        ModelName.check(name, "namespace");
        if (Namespace.byName(name).isPresent()) {
            throw new ArchiveException(ErrorCode.NAMESPACE_EXISTS, "the namespace " + name + " exists");
        }
        String created = Namespace.ensure(name);
        audit.record("namespace.created", "namespace:" + created, Optional.of(created), Map.of());
        changed.fire(AccountChanged.ofNamespace(created));
        return view(created);
    }

    @Transactional
    public NamespaceView namespace(String name) {
        permissions.requireNamespace(name, Role.reader, Scope.read);
        return view(existing(name));
    }

    /** Adds a member or changes his role; answers whether he is new. */
    @Transactional
    public boolean putMember(String namespace, String username, Role role) {
        permissions.requireNamespace(namespace, Role.owner, Scope.write);
        String ns = existing(namespace);
        AppUser user = AppUser.byUsername(username).orElseThrow(() -> userNotFound(username));
        NamespaceMember member = NamespaceMember.findById(new NamespaceMember.Key(ns, user.id));
        boolean added = member == null;
        if (added) {
            member = new NamespaceMember();
            member.key = new NamespaceMember.Key(ns, user.id);
        } else if (member.role == role) {
            return false;
        } else if (member.role == Role.owner) {
            requireAnotherOwner(ns, user.username);
        }
        String before = added ? null : member.role.name();
        member.role = role;
        member.persist();
        audit.record(added ? "member.added" : "member.changed", "namespace:" + ns, Optional.of(ns),
                before == null ? Map.of("user", user.username, "role", role.name())
                        : Map.of("user", user.username, "role", role.name(), "previousRole", before));
        changed.fire(AccountChanged.ofNamespace(ns));
        return added;
    }

    @Transactional
    public void removeMember(String namespace, String username) {
        permissions.requireNamespace(namespace, Role.owner, Scope.write);
        String ns = existing(namespace);
        AppUser user = AppUser.byUsername(username).orElseThrow(() -> userNotFound(username));
        NamespaceMember member = NamespaceMember.findById(new NamespaceMember.Key(ns, user.id));
        if (member == null) {
            throw new ArchiveException(ErrorCode.MEMBER_NOT_FOUND, username + " is not a member of " + ns);
        }
        Role role = member.role;
        if (role == Role.owner) {
            requireAnotherOwner(ns, user.username);
        }
        member.delete();
        audit.record("member.removed", "namespace:" + ns, Optional.of(ns), Map.of("user", user.username, "role", role.name()));
        changed.fire(AccountChanged.ofNamespace(ns));
    }

    /** A namespace always keeps an owner: without one, nobody could manage its members again. */
    private static void requireAnotherOwner(String namespace, String leaving) {
        long owners = NamespaceMember.ofNamespace(namespace).stream().filter(m -> m.role == Role.owner).count();
        if (owners <= 1) {
            throw new ArchiveException(ErrorCode.LAST_OWNER, leaving + " is the last owner of " + namespace
                    + "; make someone else owner first");
        }
    }

    private static NamespaceView view(String namespace) {
        List<Member> members = NamespaceMember.ofNamespace(namespace).stream()
                .map(m -> new Member(AppUser.<AppUser>findById(m.key.userId).username, m.role.name()))
                .sorted(java.util.Comparator.comparing(Member::username))
                .toList();
        return new NamespaceView(namespace, members);
    }

    /** The stored spelling of an existing namespace, or 404. */
    private static String existing(String namespace) {
        return Namespace.byName(namespace).map(n -> n.name).orElseThrow(() -> new ArchiveException(ErrorCode.NAMESPACE_NOT_FOUND, "no namespace " + namespace));
    }

    public static ArchiveException userNotFound(String username) {
        return new ArchiveException(ErrorCode.USER_NOT_FOUND, "no user " + username);
    }
}
