package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A public key the archive signs or signed with; {@code notAfter} is null for the one it signs with now. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {
    /** The hex SHA-256 of {@link #publicKeyPem}, as a Sigstore bundle's public-key hint names it. */
    @Id
    public String id;

    public String algorithm;

    @Column(name = "public_key_pem")
    public String publicKeyPem;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    /** Every key, the current one first, then by when each came into use, newest first. */
    public static List<SigningKey> all() {
        return find("order by case when notAfter is null then 0 else 1 end, notBefore desc").list();
    }
}
