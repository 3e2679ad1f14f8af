package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.hindsight.support.AppProcess;
import org.hindsight.support.OidcProvider;
import org.hindsight.support.PostgresDatabase;
import org.hindsight.support.WebClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker image's start-up recipe, as the image runs it (README "Start-up"): the packaged jar unpacked with
 * {@code -Djarmode=tools extract}, {@code src/main/docker/aot-cache.sh} run with the Java of the image's base
 * ({@code FROM eclipse-temurin:N-jre}), then the application started with the Dockerfile's own {@code ENTRYPOINT},
 * with {@code -XX:AOTMode=on} added so that a cache the JVM cannot use stops the start instead of being skipped
 * quietly. On PostgreSQL when the PostgreSQL run is on (as docker-compose.yml runs it), else on H2.
 *
 * <p>The image runs the bean definitions that the build processed ahead of time ({@code -Dspring.aot.enabled=true}),
 * whose conditions were decided without the operator's settings: it starts with email and single sign-on configured in
 * the environment, and the test email reaches a real SMTP server (GreenMail) and the single sign-on button sends the
 * browser to a real OpenID provider. It starts once, on an empty database. CrashDurabilityProcessTest starts the same
 * processed jar (not from the cache) with both left off, and checks that they are off, and restarts it on its
 * migrated database.
 *
 * <p>The tests run on Java 17; this one finds the image's Java version in {@code HINDSIGHT_TEST_AOT_JDK} or under
 * {@code /usr/lib/jvm}, and is skipped, saying so, on a machine without one (this project's machines have Temurin 25).
 */
@Tag("processes")
class PackagedStartupProcessTest {

    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile");
    private static final Path AOT_CACHE_SCRIPT = Path.of("src/main/docker/aot-cache.sh");
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final String SSO_BUTTON = "/oauth2/authorization/oidc";
    private static final String ADMIN_PASSWORD = "aot-start-admin-" + Long.toString(System.nanoTime(), 36);

    @TempDir
    Path work;

    @Test
    void theImageStartsFromItsAheadOfTimeCacheWithEmailAndSingleSignOnDecidedAtRunTime() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE, StandardCharsets.UTF_8);
        int imageJava = imageJavaVersion(dockerfile);
        Optional<Path> jdk = jdk(imageJava);
        assumeTrue(jdk.isPresent(), "no Java " + imageJava + " (the image's) under /usr/lib/jvm and "
                + "HINDSIGHT_TEST_AOT_JDK is not set: the image's start-up recipe is not tried here");
        String java = jdk.get().resolve("bin/java").toString();

        // the Dockerfile's RUN: unpack, then the training run
        Files.copy(AppProcess.jar(), work.resolve("hindsight.jar"));
        run("extract", work, Map.of(),
                List.of(java, "-Djarmode=tools", "-jar", "hindsight.jar", "extract", "--destination", "release"));
        Path release = work.resolve("release");
        run("aot-cache", work, Map.of("JAVA", java),
                List.of("sh", AOT_CACHE_SCRIPT.toAbsolutePath().toString(), release.toString()));
        assertThat(Files.size(release.resolve("hindsight.aot"))).as("the cache's size").isGreaterThan(10_000_000L);

        assertThat(dockerfile).as("the image's build runs the script this test runs")
                .contains("sh /app/aot-cache.sh /app/release");
        List<String> entrypoint = entrypoint(dockerfile);
        assertThat(entrypoint).startsWith("java").contains("-XX:AOTCache=hindsight.aot")
                .endsWith("-jar", "hindsight.jar");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:AOTMode=on");
        command.addAll(entrypoint.subList(1, entrypoint.size()));

        String testUrl = System.getProperty("hindsight.test.pg.url", "");
        try (PostgresDatabase database = testUrl.startsWith("jdbc:postgresql:")
                ? PostgresDatabase.create(testUrl, System.getProperty("hindsight.test.pg.user", "postgres"),
                        System.getProperty("hindsight.test.pg.password", ""), "hs_aot_start")
                : null) {
            // the options docker-compose.yml gives the JVM, as it gives them
            Map<String, String> environment = new HashMap<>(Map.of("HINDSIGHT_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "HINDSIGHT_EXAMPLE_DATA", "false", "JAVA_TOOL_OPTIONS", composeJavaOptions()));
            if (database != null) {
                environment.putAll(Map.of("SPRING_PROFILES_ACTIVE", "postgres", "HINDSIGHT_DB_URL", database.url(),
                        "HINDSIGHT_DB_USER", database.user(), "HINDSIGHT_DB_PASSWORD", database.password()));
            }

            // the start with email and single sign-on configured as an operator configures them, in the environment:
            // the ahead-of-time processed beans were decided when the jar was built, without them (the other process
            // tests run the same processed jar with both left off: CrashDurabilityProcessTest checks that they are off)
            try (OidcProvider provider = OidcProvider.start()) {
                GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                smtp.start();
                try {
                    environment.putAll(Map.of("SPRING_MAIL_HOST", "127.0.0.1",
                            "SPRING_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()),
                            "HINDSIGHT_OIDC_ISSUER_URI", provider.issuer(),
                            "HINDSIGHT_OIDC_CLIENT_ID", OidcProvider.CLIENT_ID,
                            "HINDSIGHT_OIDC_CLIENT_SECRET", OidcProvider.CLIENT_SECRET));
                    long began = System.nanoTime();
                    try (AppProcess app = AppProcess.start("configured", release, environment, command)) {
                        long healthyMillis = (System.nanoTime() - began) / 1_000_000;
                        assertThat(app.output()).as("the JVM and the bean definitions that ran it")
                                .containsPattern("using Java " + imageJava + "[. ]")
                                .contains("Starting AOT-processed HindsightApplication")
                                .contains("Email reminders are on");
                        HttpResponse<String> sso = WebClient.browser(app.baseUrl()).get(SSO_BUTTON);
                        assertThat(sso.statusCode()).as("the single sign-on button").isEqualTo(302);
                        assertThat(sso.headers().firstValue("Location")).as("where it sends the browser")
                                .hasValueSatisfying(location -> assertThat(location).startsWith(provider.issuer()));

                        WebClient admin = WebClient.browser(app.baseUrl());
                        assertThat(admin.signIn("admin", ADMIN_PASSWORD)).isEqualTo("/");
                        assertThat(admin.get("/incidents").statusCode()).isEqualTo(200);
                        assertThat(admin.get("/actions").statusCode()).isEqualTo(200);
                        Map<String, String> fields = WebClient.fields(admin.page("/admin/email"), "#email-test");
                        fields.put("to", "image-check@example.com");
                        assertThat(admin.postForm("/admin/email/test", fields).statusCode()).isEqualTo(302);
                        assertThat(smtp.waitForIncomingEmail(60_000, 1)).as("the test email, sent").isTrue();
                        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString())
                                .isEqualTo("image-check@example.com");
                        assertThat(app.errorLines()).as("errors in the log").isEmpty();
                        app.stop();
                        System.out.printf("Started from the AOT cache on Java %d (%s): healthy after %d ms%n",
                                imageJava, database == null ? "H2" : "PostgreSQL", healthyMillis);
                    }
                } finally {
                    smtp.stop();
                }
            }
        }
    }

    /** docker-compose.yml's default for the apps' JAVA_TOOL_OPTIONS: {@code ${HINDSIGHT_JAVA_OPTS:--Xmx256m}}. */
    private static String composeJavaOptions() throws IOException {
        Matcher options = Pattern.compile("(?m)^\\s*JAVA_TOOL_OPTIONS: \\$\\{HINDSIGHT_JAVA_OPTS:-(.*)}\\s*$")
                .matcher(Files.readString(COMPOSE, StandardCharsets.UTF_8));
        if (!options.find()) {
            fail("No JAVA_TOOL_OPTIONS: ${HINDSIGHT_JAVA_OPTS:-...} in " + COMPOSE);
        }
        return options.group(1);
    }

    /** The Java feature version of the image's runtime stage: {@code FROM eclipse-temurin:25-jre}. */
    static int imageJavaVersion(String dockerfile) {
        Matcher from = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre\\s*$").matcher(dockerfile);
        if (!from.find()) {
            fail("No FROM eclipse-temurin:N-jre (the runtime stage) in " + DOCKERFILE);
        }
        return Integer.parseInt(from.group(1));
    }

    /** The Dockerfile's ENTRYPOINT, its exec form's strings in order. */
    static List<String> entrypoint(String dockerfile) {
        Matcher line = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]\\s*$").matcher(dockerfile);
        if (!line.find()) {
            fail("No ENTRYPOINT [...] in " + DOCKERFILE);
        }
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(line.group(1));
        while (word.find()) {
            words.add(word.group(1));
        }
        return words;
    }

    /** A JDK of {@code feature} version: HINDSIGHT_TEST_AOT_JDK when set (it must be one), else under /usr/lib/jvm. */
    private static Optional<Path> jdk(int feature) throws IOException {
        String configured = System.getenv("HINDSIGHT_TEST_AOT_JDK");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            assertThat(featureVersion(home)).as("Java version of HINDSIGHT_TEST_AOT_JDK=%s", configured)
                    .contains(feature);
            return Optional.of(home);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> featureVersion(home).equals(Optional.of(feature))).sorted().findFirst();
        }
    }

    /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"}). */
    private static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a step of the image's build to its end (at most 5 minutes), its output in {@code <name>.log}. */
    private static void run(String name, Path directory, Map<String, String> environment, List<String> command) {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                fail(name + " did not end within 5 minutes:\n" + AppProcess.tail(log, 30));
            }
            if (process.exitValue() != 0) {
                fail(name + " exited with " + process.exitValue() + ":\n" + AppProcess.tail(log, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
