package org.hindsight.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) as a child process on a free
 * loopback port, clustering off, its storage and log in a directory of the test's own. The configuration is the
 * repository's example, {@code deploy/alertmanager/alertmanager.yml}, used as it is with only the receiver's URL and
 * secret and the route's timings replaced ({@link #configFor}).
 *
 * <pre>try (Alertmanager am = Alertmanager.start(tempDir, config)) { am.postAlerts("[...]"); ... am.log(); }</pre>
 */
public final class Alertmanager implements AutoCloseable {

    public static final Path EXAMPLE = Path.of("deploy", "alertmanager", "alertmanager.yml");
    private static final String INSTALL_HINT = "Install it with: apt-get install -y prometheus-alertmanager";
    private static final Duration START_LIMIT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Alertmanager(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * The example configuration with the webhook's {@code url} and {@code credentials} and the route's
     * {@code group_wait}, {@code group_interval} and {@code repeat_interval} replaced: each must occur exactly once,
     * so a change to the example that the test would no longer exercise fails here.
     */
    public static String configFor(String example, String url, String secret, String groupWait,
            String groupInterval, String repeatInterval) {
        String config = replaceOnce(example, "(?m)^(\\s*- url: )\\S+/hooks/alerts/\\S+$", url);
        config = replaceOnce(config, "(?m)^(\\s*credentials: )\\S+$", secret);
        config = replaceOnce(config, "(?m)^(\\s*group_wait: )\\S+$", groupWait);
        config = replaceOnce(config, "(?m)^(\\s*group_interval: )\\S+$", groupInterval);
        return replaceOnce(config, "(?m)^(\\s*repeat_interval: )\\S+$", repeatInterval);
    }

    /** {@code text} with the one match of {@code regex} replaced by its first group followed by {@code value}. */
    private static String replaceOnce(String text, String regex, String value) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        if (count != 1) {
            fail(EXAMPLE + " should contain /" + regex + "/ exactly once, found " + count);
        }
        return Pattern.compile(regex).matcher(text)
                .replaceFirst(match -> Matcher.quoteReplacement(match.group(1) + value));
    }

    /**
     * Writes {@code config} as {@code alertmanager.yml} in {@code directory} and starts Alertmanager with it on a
     * free loopback port; answers once it is ready ({@code /-/ready}). A port taken meanwhile by another process
     * is retried on another.
     */
    public static Alertmanager start(Path directory, String config) {
        File binary = installed();
        try {
            Path configFile = directory.resolve("alertmanager.yml");
            Files.writeString(configFile, config, StandardCharsets.UTF_8);
            Path storage = Files.createDirectories(directory.resolve("data"));
            for (int attempt = 1; ; attempt++) {
                int port = AppProcess.freePort();
                Path log = directory.resolve("alertmanager-" + attempt + ".log");
                Process process = new ProcessBuilder(binary.getPath(), "--config.file=" + configFile,
                        "--storage.path=" + storage, "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=", "--log.level=debug")
                        .directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                Alertmanager started = new Alertmanager(process, port, log);
                if (started.awaitReady()) {
                    return started;
                }
                String text = started.log();
                started.close();
                if (attempt < 3 && text.contains("address already in use")) {
                    continue;
                }
                fail("Alertmanager did not become ready on 127.0.0.1:" + port + " within " + START_LIMIT.toSeconds()
                        + " s. Its log:\n" + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A missing Alertmanager is a broken test setup, so this fails rather than skips. */
    private static File installed() {
        String configured = System.getenv("HINDSIGHT_ALERTMANAGER");
        File file = new File(configured == null || configured.isBlank() ? "/usr/bin/prometheus-alertmanager"
                : configured);
        if (!file.canExecute()) {
            fail("Alertmanager not found at " + file + " (set HINDSIGHT_ALERTMANAGER to another path). "
                    + INSTALL_HINT);
        }
        return file;
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            AppProcess.sleep(100);
        }
        return false;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Posts alerts to Alertmanager's own API ({@code POST /api/v2/alerts}, a JSON array), as Prometheus does. */
    public void postAlerts(String alertsJson) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/alerts"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                fail("Alertmanager answered " + answer.statusCode() + " " + answer.body() + " to " + alertsJson
                        + "\nIts log:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything Alertmanager wrote so far (debug level: each notification it sent or failed to send). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
