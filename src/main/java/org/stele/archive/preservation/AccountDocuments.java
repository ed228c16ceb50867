package org.stele.archive.preservation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stele.archive.custody.StoredDocuments;
import org.stele.archive.reading.IdentifierDocument;
import org.stele.domain.catalog.AccountChanged;
import org.stele.domain.catalog.AppUser;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.DepositorSigningKey;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.NamespaceMember;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Keeps a document in storage for every user and namespace (with its members), so a catalog rebuild restores them:
 * rewritten inside the transaction of each change ({@link AccountChanged}), and written at start for those stored
 * before documents existed ({@link #backfill}), identifiers included.
 */
@ApplicationScoped
public class AccountDocuments {
    private final StoredDocuments documents;
    private final BlobStore store;
    private final EntityManager entityManager;

    AccountDocuments(StoredDocuments documents, BlobStore store, EntityManager entityManager) {
        this.documents = documents;
        this.store = store;
        this.entityManager = entityManager;
    }

    /** Rewrites the changed user's or namespace's document in the transaction that changed it, before it commits. */
    void onChange(@Observes AccountChanged change) {
        entityManager.flush(); // created_at is the database's: the rows must be there to be read back
        if (change.user() != null) {
            writeUser(AppUser.findById(change.user()));
        } else {
            writeNamespace(Namespace.byName(change.namespace()).orElseThrow());
        }
    }

    /**
     * Writes the documents of users, namespaces and identifiers that have none yet: those of an archive stored before
     * these documents existed, so that it becomes rebuildable. Answers how many it wrote.
     */
    public int backfill() throws IOException {
        Set<String> stored = new HashSet<>();
        for (String prefix : List.of(StorageLayout.USERS, StorageLayout.NAMESPACES, StorageLayout.IDENTIFIERS)) {
            store.list(prefix).stream().map(StoredObject::key).forEach(stored::add);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            int written = 0;
            for (AppUser user : AppUser.<AppUser>listAll()) {
                if (!stored.contains(StorageLayout.user(user.id))) {
                    writeUser(user);
                    written++;
                }
            }
            for (Namespace namespace : Namespace.<Namespace>listAll()) {
                if (!stored.contains(StorageLayout.namespace(namespace.name))) {
                    writeNamespace(namespace);
                    written++;
                }
            }
            for (PersistentIdentifier id : PersistentIdentifier.<PersistentIdentifier>listAll()) {
                if (!stored.contains(StorageLayout.identifier(id.pid))) {
                    Model model = id.modelId == null ? null : Model.findById(id.modelId);
                    documents.put(StorageLayout.identifier(id.pid), new IdentifierDocument(IdentifierDocument.KIND, id.pid, id.kind,
                            model == null ? null : model.conceptPid, id.createdAt), "the document of identifier " + id.pid);
                    written++;
                }
            }
            return written;
        });
    }

    private void writeUser(AppUser user) {
        if (user.createdAt == null) {
            entityManager.refresh(user);
        }
        documents.put(StorageLayout.user(user.id), UserDocument.of(user), "the document of user " + user.username);
    }

    private void writeNamespace(Namespace namespace) {
        if (namespace.createdAt == null) {
            entityManager.refresh(namespace);
        }
        List<NamespaceDocument.Member> members = NamespaceMember.ofNamespace(namespace.name).stream().map(m -> {
            if (m.createdAt == null) {
                entityManager.refresh(m);
            }
            AppUser user = AppUser.findById(m.key.userId);
            return new NamespaceDocument.Member(user.id, user.username, m.role.name(), m.createdAt);
        }).sorted(Comparator.comparing(NamespaceDocument.Member::username, String.CASE_INSENSITIVE_ORDER)).toList();
        List<NamespaceDocument.SigningKey> keys = DepositorSigningKey.ofNamespace(namespace.name).stream()
                .map(k -> new NamespaceDocument.SigningKey(k.key.id, k.algorithm, k.label, k.publicKeyPem, k.addedAt, k.addedBy,
                        k.revokedAt, k.revokedBy)).toList();
        documents.put(StorageLayout.namespace(namespace.name), new NamespaceDocument(NamespaceDocument.KIND, namespace.name,
                namespace.createdAt, members, keys), "the document of namespace " + namespace.name);
    }
}
