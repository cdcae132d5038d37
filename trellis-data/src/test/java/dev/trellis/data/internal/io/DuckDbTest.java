package dev.trellis.data.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DuckDbTest {
    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT current_setting(" + DuckDb.literal(name) + ")::VARCHAR")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void connectionsNeverFetchExtensionsAndUseFewThreads() throws Exception {
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            assertThat(setting(s, "autoinstall_known_extensions")).isEqualTo("false");
            assertThat(setting(s, "autoload_known_extensions")).isEqualTo("false");
            assertThat(setting(s, "threads")).isEqualTo(String.valueOf(DuckDb.THREADS));
            assertThat(setting(s, "TimeZone")).isEqualTo("UTC");
        }
    }

    @Test
    void quotesIdentifiersAndLiterals() throws Exception {
        String name = "a \"b\" c";
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (" + DuckDb.identifier(name) + " VARCHAR)");
            s.execute("INSERT INTO t VALUES (" + DuckDb.literal("it's") + ")");
            try (ResultSet rs = s.executeQuery("SELECT " + DuckDb.identifier(name) + " FROM t")) {
                rs.next();
                assertThat(rs.getMetaData().getColumnName(1)).isEqualTo(name);
                assertThat(rs.getString(1)).isEqualTo("it's");
            }
        }
    }

    @Test
    void aReasonLeavesOutTheQuotedSql() throws Exception {
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            s.execute("SELECT * FROM no_such_table");
        } catch (java.sql.SQLException e) {
            assertThat(e.getMessage()).contains("LINE 1:");
            assertThat(DuckDb.reason(e)).contains("no_such_table").doesNotContain("LINE 1:").doesNotEndWith("\n");
            return;
        }
        throw new AssertionError("the query should have failed");
    }
}
