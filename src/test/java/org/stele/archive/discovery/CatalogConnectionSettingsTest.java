package org.stele.archive.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Every catalog connection plans without JIT: at 100 000 entries compiling a search plan cost more than running it. */
@QuarkusTest
class CatalogConnectionSettingsTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyConnectionHasJitOff() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("show jit")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("off");
            }
        }
    }
}
