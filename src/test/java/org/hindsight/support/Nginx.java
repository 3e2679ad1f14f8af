package org.hindsight.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's nginx configuration, {@code deploy/nginx/hindsight.conf}, run by the installed nginx as a child
 * process in front of instances on loopback: the file is used as it is, with only its listen port and the upstream
 * ports replaced, inside a minimal main configuration whose pid file, logs and temp files are in a directory of the
 * test's own. Its access log names the instance ({@code $upstream_addr}) that answered each request.
 */
public final class Nginx implements AutoCloseable {

    public static final Path CONFIG = Path.of("deploy", "nginx", "hindsight.conf");
    private static final String INSTALL_HINT = "Install it with: apt-get install -y nginx-light";

    private final Path directory;
    private final Process process;
    private final int port;
    private final Path accessLog;
    private final Path errorLog;

    private Nginx(Path directory, Process process, int port, Path accessLog, Path errorLog) {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
        this.errorLog = errorLog;
    }

    /**
     * Starts nginx on a free loopback port, in front of the instances on {@code appPorts}, in a directory of its
     * own under the temp directory (readable by all: when the test runs as root, nginx's worker processes run as
     * nobody and write their temp files there), deleted by {@link #close()}.
     */
    public static Nginx start(int... appPorts) {
        File nginx = installed();
        int port = AppProcess.freePort();
        try {
            Path directory = Files.createTempDirectory("hindsight-nginx-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.createDirectories(directory.resolve("temp"));
            Path site = directory.resolve("hindsight.conf");
            Files.writeString(site, forTest(Files.readString(CONFIG, StandardCharsets.UTF_8), port, appPorts));
            Path accessLog = directory.resolve("access.log");
            Path errorLog = directory.resolve("error.log");
            Path main = directory.resolve("nginx.conf");
            Files.writeString(main, String.join("\n",
                    "worker_processes 1;",
                    "pid " + directory.resolve("nginx.pid") + ";",
                    "error_log " + errorLog + " info;",
                    "events { worker_connections 1024; }",
                    "http {",
                    "    client_body_temp_path " + directory.resolve("temp/body") + ";",
                    "    proxy_temp_path " + directory.resolve("temp/proxy") + ";",
                    "    fastcgi_temp_path " + directory.resolve("temp/fastcgi") + ";",
                    "    uwsgi_temp_path " + directory.resolve("temp/uwsgi") + ";",
                    "    scgi_temp_path " + directory.resolve("temp/scgi") + ";",
                    "    log_format upstreams '$request_method|$request_uri|$status|$upstream_addr|$upstream_status';",
                    "    access_log " + accessLog + " upstreams;",
                    "    include " + site + ";",
                    "}", ""));
            Process process = new ProcessBuilder(nginx.getPath(), "-p", directory.toString(), "-c", main.toString(),
                    "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("nginx.out").toFile())).start();
            Nginx started = new Nginx(directory, process, port, accessLog, errorLog);
            started.awaitListening();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's file with the listen port and the upstream ports replaced: each must occur exactly once,
     * so a change to the file that the test would no longer exercise fails here.
     */
    static String forTest(String config, int port, int... appPorts) {
        String result = replaceOnce(config, "(?m)^(\\s*listen\\s+)80;", "$1127.0.0.1:" + port + ";");
        for (int i = 0; i < appPorts.length; i++) {
            result = replaceOnce(result, "server 127\\.0\\.0\\.1:" + (8081 + i) + "\\b",
                    "server 127.0.0.1:" + appPorts[i]);
        }
        if (Pattern.compile("server 127\\.0\\.0\\.1:" + (8081 + appPorts.length) + "\\b").matcher(result).find()) {
            fail(CONFIG + " names more instances than the test started");
        }
        return result;
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        if (count != 1) {
            fail(CONFIG + " should contain /" + regex + "/ exactly once, found " + count);
        }
        return Pattern.compile(regex).matcher(text).replaceFirst(replacement);
    }

    private static File installed() {
        String configured = System.getenv("HINDSIGHT_NGINX");
        File file = new File(configured == null || configured.isBlank() ? "/usr/sbin/nginx" : configured);
        if (!file.canExecute()) {
            fail("nginx not found at " + file + " (set HINDSIGHT_NGINX to another path). " + INSTALL_HINT);
        }
        return file;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("nginx exited with " + process.exitValue() + ":\n"
                        + Files.readString(directory.resolve("nginx.out")) + errorLogText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                AppProcess.sleep(100);
            }
        }
        close();
        fail("nginx did not listen on " + port + " within 20 s:\n" + errorLogText());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** One line per request answered: method, URI, status, the instance(s) tried and their statuses. */
    public List<String> accessLog() {
        try {
            return Files.readAllLines(accessLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String errorLogText() {
        try {
            return Files.exists(errorLog) ? Files.readString(errorLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }
}
