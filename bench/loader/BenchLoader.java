import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Bulk-loads a generated {@link DataSet} into a database whose schema the app's own Flyway migrations created
 * (start the app once, stop it, run this, start it again). PostgreSQL: COPY; H2 (file closed by the app):
 * JDBC batches. Afterwards the identity columns and sequences continue after the loaded ids, so the app's inserts
 * fit in.
 *
 * <pre>java -cp classes:lib/* BenchLoader --url jdbc:... --user postgres --dataset large --seed 42
 *     --password 'bench users' password' --token hs_...</pre>
 */
public final class BenchLoader {

    private static final String[] IDENTITY_TABLES = {"app_user", "api_token", "affected_service", "incident",
        "timeline_event", "timeline_event_revision", "action_item", "audit_entry"};
    private static final java.util.Set<String> SEQUENCES = java.util.Set.of("timeline_event", "audit_entry");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = require(opts, "url");
        DataSet data = DataSet.named(require(opts, "dataset"), Long.parseLong(opts.getOrDefault("seed", "42")));
        String password = require(opts, "password");
        String token = require(opts, "token");
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url, opts.getOrDefault("user", "sa"),
                opts.getOrDefault("db-password", ""))) {
            db.setAutoCommit(false);
            boolean postgres = url.startsWith("jdbc:postgresql:");
            checkFreshSchema(db);
            String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
            DataSet.Sink sink = postgres ? new CopySink(db) : new BatchSink(db);
            data.write(sink, hash, sha256(token), token.substring(0, 7));
            restartIdentities(db, postgres);
            db.commit();
            if (postgres) {
                db.setAutoCommit(true);
                try (Statement s = db.createStatement()) {
                    s.execute("VACUUM ANALYZE"); // the visibility map a settled table has: index-only scans
                }
            }
        }
        System.out.printf("loaded %s (%d incidents, %d events, %d action items, %d users) in %.1f s%n", data.name,
                data.incidents, data.events, data.actions, data.users, (System.nanoTime() - started) / 1e9);
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    /** The schema must be the app's (Flyway ran) and hold nothing but the first admin. */
    private static void checkFreshSchema(Connection db) throws Exception {
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM \"flyway_schema_history\" WHERE \"success\"")) {
                r.next();
                if (r.getInt(1) == 0) {
                    throw new IllegalStateException("no Flyway migrations applied: start the app once first");
                }
            }
            try (ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM incident) + (SELECT count(*) FROM app_user)")) {
                r.next();
                if (r.getLong(1) > 1) {
                    throw new IllegalStateException("the database is not fresh (incidents or users beyond the admin)");
                }
            }
        }
    }

    private static void restartIdentities(Connection db, boolean postgres) throws Exception {
        try (Statement s = db.createStatement()) {
            for (String table : IDENTITY_TABLES) {
                long next;
                try (ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM " + table)) {
                    r.next();
                    next = r.getLong(1);
                }
                // timeline events and audit entries take ids from sequences of their own since V28
                // (pg_get_serial_sequence finds them)
                s.execute(postgres
                        ? "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + next + ", false)"
                        : SEQUENCES.contains(table) ? "ALTER SEQUENCE " + table + "_seq RESTART WITH " + next
                        : "ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
            }
        }
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** PostgreSQL: one streamed COPY … FROM STDIN (CSV) per table. */
    static final class CopySink implements DataSet.Sink {
        private final Connection db;
        private CopyIn copy;
        private final StringBuilder line = new StringBuilder(512);
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(1 << 20);

        CopySink(Connection db) {
            this.db = db;
        }

        @Override
        public void begin(String table, String... columns) throws Exception {
            copy = db.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)");
        }

        @Override
        public void row(Object... values) throws Exception {
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                Object v = values[i];
                if (v instanceof String text) {
                    line.append('"').append(text.replace("\"", "\"\"")).append('"');
                } else if (v != null) {
                    line.append(v); // numbers, booleans, Instant (ISO-8601 with Z), LocalDate
                }
            }
            line.append('\n');
            buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            if (buffer.size() > (1 << 20)) {
                flush();
            }
        }

        private void flush() throws Exception {
            byte[] bytes = buffer.toByteArray();
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.reset();
        }

        @Override
        public void end() throws Exception {
            flush();
            copy.endCopy();
        }
    }

    /** H2 (or anything else): JDBC batch inserts of 1,000 rows. */
    static final class BatchSink implements DataSet.Sink {
        private final Connection db;
        private PreparedStatement insert;
        private int pending;

        BatchSink(Connection db) {
            this.db = db;
        }

        @Override
        public void begin(String table, String... columns) throws Exception {
            insert = db.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + "?, ".repeat(columns.length - 1) + "?)");
        }

        @Override
        public void row(Object... values) throws Exception {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                insert.setObject(i + 1, v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
            }
            insert.addBatch();
            if (++pending == 1000) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void end() throws Exception {
            insert.executeBatch();
            pending = 0;
            insert.close();
            db.commit();
        }
    }
}
