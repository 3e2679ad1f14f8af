package org.hindsight.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database of one test's own, created on the server of the test database ({@code HINDSIGHT_TEST_PG_URL})
 * and dropped afterwards, so that applications started as processes never share a schema with the other tests
 * (which clean theirs).
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;
    private final String url;

    private PostgresDatabase(String serverUrl, String user, String password, String name, String url) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.url = url;
    }

    /** Creates {@code <prefix>_<random>} on the server that {@code testUrl} points at. */
    public static PostgresDatabase create(String testUrl, String user, String password, String prefix) {
        Matcher matcher = URL.matcher(testUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + testUrl);
        }
        String name = prefix + "_" + Long.toString(System.nanoTime(), 36) + Integer.toString(
                (int) (Math.random() * 1000));
        PostgresDatabase database = new PostgresDatabase(testUrl, user, password, name,
                matcher.group(1) + name + (matcher.group(3) == null ? "" : matcher.group(3)));
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database, closing the connections a killed instance may have left. */
    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
