package org.stele.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.stele.support.TestPostgres;

/** An archive from before accounts upgrades in place: its admin token becomes the first admin's, with every scope. */
class AccountsMigrationTest {

    @Test
    void theAdminTokenOfAnOlderArchiveBelongsToTheFirstAdminAfterTheUpgrade() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            migrate(postgres, "5");
            try (Connection c = connect(postgres); Statement s = c.createStatement()) {
                s.execute("insert into api_token (id, name, token_hash, admin) values "
                        + "('00000000-0000-0000-0000-000000000001', 'admin', '" + "ab".repeat(32) + "', true)");
                s.execute("insert into namespace (name) values ('lab')");
            }
            migrate(postgres, "latest");
            try (Connection c = connect(postgres); Statement s = c.createStatement()) {
                ResultSet token = s.executeQuery("select u.username, u.admin, array_to_string(t.scopes, ','), t.namespaces "
                        + "from api_token t join app_user u on u.id = t.user_id where t.token_hash = '" + "ab".repeat(32) + "'");
                assertThat(token.next()).isTrue();
                assertThat(token.getString(1)).isEqualTo("admin");
                assertThat(token.getBoolean(2)).isTrue();
                assertThat(token.getString(3)).isEqualTo("read,write,publish,admin");
                assertThat(token.getObject(4)).as("every namespace").isNull();
                ResultSet owner = s.executeQuery("select m.role from namespace_member m join app_user u on u.id = m.user_id "
                        + "where m.namespace = 'admin' and u.username = 'admin'");
                assertThat(owner.next()).isTrue();
                assertThat(owner.getString(1)).isEqualTo("owner");
                ResultSet lab = s.executeQuery("select count(*) from namespace_member where namespace = 'lab'");
                lab.next();
                assertThat(lab.getInt(1)).as("existing namespaces stay the admins' to manage").isZero();
            }
        }
    }

    private static void migrate(TestPostgres postgres, String target) {
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private static Connection connect(TestPostgres postgres) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
