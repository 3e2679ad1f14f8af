package org.hindsight.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application (the jar {@code ./mvnw verify} built, passed by the pom as {@code hindsight.jar}) running
 * as a child process, on loopback and a free port, its output in a log file. Tests tagged {@code processes} use it to
 * do what a real deployment does to the jar: start it, kill it ({@link #kill()}: SIGKILL, no shutdown hook runs),
 * start it again on the same files.
 */
public final class AppProcess implements AutoCloseable {

    /** Exit value of a process killed by SIGKILL, as Java reports it on Linux (128 + 9). */
    public static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final Duration STARTUP = Duration.ofSeconds(180);
    /**
     * The bean definitions and repositories processed ahead of time, as the Docker image runs them (README
     * "Start-up"); small heaps and the client compiler: several instances, nginx, PostgreSQL and the test share two
     * cores.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Dspring.aot.enabled=true", "-Xmx256m",
            "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1");
    /** Settings of the environment this test runs in that must not leak into the child. */
    private static final List<String> NOT_INHERITED = List.of("HINDSIGHT_DB_URL", "HINDSIGHT_DB_USER",
            "HINDSIGHT_DB_PASSWORD", "SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL", "PORT",
            "HINDSIGHT_ADMIN_PASSWORD", "HINDSIGHT_EXAMPLE_DATA", "JAVA_TOOL_OPTIONS", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_MAIL_USERNAME",
            "SPRING_MAIL_PASSWORD", "HINDSIGHT_OIDC_ISSUER_URI", "HINDSIGHT_OIDC_CLIENT_ID",
            "HINDSIGHT_OIDC_CLIENT_SECRET");

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The jar under test; the pom's process-tests execution passes its path. */
    public static Path jar() {
        String configured = System.getProperty("hindsight.jar");
        if (configured == null || configured.isBlank()) {
            fail("System property hindsight.jar is not set: these tests run in the integration-test phase of "
                    + "./mvnw verify (execution process-tests), after the jar is packaged");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            fail("No jar at " + jar + ": run ./mvnw verify (the jar is built in the package phase)");
        }
        return jar;
    }

    /**
     * Starts the jar in {@code workDir} (its working directory, so the default H2 URL {@code ./data/…} lands
     * there) with {@code environment} on top of this JVM's, and waits until {@code /actuator/health} is UP.
     */
    public static AppProcess start(String name, Path workDir, Map<String, String> environment) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar().toString()));
        return start(name, workDir, environment, command);
    }

    /**
     * Starts {@code command} (a java launcher, its options and the application's jar) as {@link #start(String, Path,
     * Map)} does the packaged jar: in {@code workDir}, on loopback and a free port, and waits until it is healthy.
     */
    public static AppProcess start(String name, Path workDir, Map<String, String> environment, List<String> launch) {
        int port = freePort();
        Path log = workDir.resolve(name + ".log");
        List<String> command = new java.util.ArrayList<>(launch);
        command.add("--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        NOT_INHERITED.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            Files.createDirectories(workDir);
            Files.writeString(log, "==== " + name + " on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AppProcess app = new AppProcess(name, process, port, log);
        app.awaitHealthy();
        return app;
    }

    /** A port nothing listens on right now, on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        close();
        fail(name + " was not healthy within " + STARTUP.toSeconds() + " s:\n" + logTail());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL, as a crash or the OOM killer does it: no shutdown hook, no connection pool or database closed.
     * {@link Process#destroyForcibly()} sends SIGKILL on Linux; the exit value proves it.
     */
    public void kill() {
        process.destroyForcibly();
        int exit = waitForExit(Duration.ofSeconds(30));
        if (exit != KILLED_BY_SIGKILL) {
            fail(name + " should have been killed by SIGKILL (exit value " + KILLED_BY_SIGKILL + "), exit value "
                    + exit);
        }
    }

    /** SIGTERM: a graceful shutdown (the database is closed properly). */
    public void stop() {
        process.destroy();
        waitForExit(Duration.ofSeconds(60));
    }

    private int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the app's output, for failure messages. */
    public String logTail() {
        return tail(log, 40);
    }

    /** The last {@code count} lines of a process's output file, for failure messages. */
    public static String tail(Path output, int count) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The app's whole output so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the app's log that report an error. */
    public List<String> errorLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(" ERROR "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
