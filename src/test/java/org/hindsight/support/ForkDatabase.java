package org.hindsight.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives each test JVM of the PostgreSQL run a database of its own, so that the run can use several JVMs at once
 * (surefire {@code forkCount}) without one cleaning the schema another is testing on. Before any test starts, it
 * creates {@code <test database>_jvm<pid>} on the server of {@code spring.datasource.url} and points that property
 * at it; when the JVM's tests are done, it drops it. The H2 run needs nothing: its in-memory database is per JVM.
 */
public class ForkDatabase implements LauncherSessionListener {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String url = System.getProperty("spring.datasource.url", "");
        if (!"postgres".equals(System.getProperty("hindsight.test.database"))) {
            return;
        }
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + url);
        }
        serverUrl = url;
        name = matcher.group(2) + "_jvm" + ProcessHandle.current().pid();
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("CREATE DATABASE " + name);
        System.setProperty("spring.datasource.url",
                matcher.group(1) + name + (matcher.group(3) == null ? "" : matcher.group(3)));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (name != null) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private String serverUrl;
    private String name;

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl,
                System.getProperty("spring.datasource.username", "postgres"),
                System.getProperty("spring.datasource.password", ""));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + serverUrl + ": " + e.getMessage(), e);
        }
    }
}
