package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.hindsight.support.AppProcess;
import org.hindsight.support.TimelineLoad;
import org.hindsight.support.WebClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives a crash of the app on its default, embedded H2 database: the packaged jar runs
 * with nothing configured but the admin's password (so on {@code ./data/hindsight} under its working directory),
 * 8 clients post timeline events, the process is killed with SIGKILL while they post, started again on the same
 * files, and every event that was answered 201 must be in the timeline exactly once. Several kill cycles, each
 * with events acknowledged in the last moments before the kill.
 */
@Tag("processes")
class CrashDurabilityProcessTest {

    private static final int CLIENTS = 8;
    private static final int KILL_CYCLES = 2;
    private static final String ADMIN_PASSWORD = "crash-test-admin-" + Long.toString(System.nanoTime(), 36);

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedEventSurvivesKillMinus9OnTheDefaultH2Database() {
        Map<String, String> environment = Map.of("HINDSIGHT_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "HINDSIGHT_EXAMPLE_DATA", "false");
        String key;
        String token;
        List<TimelineLoad> loads = new ArrayList<>();
        try (AppProcess first = AppProcess.start("app-start-0", work, environment)) {
            // the jar runs the bean definitions processed when it was built (as the Docker image runs it), whose
            // conditions were decided then: email and single sign-on, not configured here, must be off
            assertThat(first.output()).contains("Starting AOT-processed").contains("Email reminders are off");
            assertThat(WebClient.browser(first.baseUrl()).get("/oauth2/authorization/oidc").headers()
                    .firstValue("Location")).as("the single sign-on button's target, not configured")
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
            WebClient admin = WebClient.browser(first.baseUrl());
            assertThat(admin.signIn("admin", ADMIN_PASSWORD)).isEqualTo("/");
            token = admin.createApiToken("crash test");
            var created = WebClient.bearer(first.baseUrl(), token)
                    .postJson("/api/incidents", "{\"title\":\"Crash test\",\"severity\":\"SEV2\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            key = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
            // the default URL: the database is the file under the working directory
            assertThat(work.resolve("data/hindsight.mv.db")).exists();
            // the setup (token, incident) is on disk at the latest after a graceful stop
            first.stop();
        }

        for (int cycle = 1; cycle <= KILL_CYCLES; cycle++) {
            try (AppProcess app = AppProcess.start("app-start-" + cycle, work, environment)) {
                List<WebClient> clients = IntStream.range(0, CLIENTS)
                        .mapToObj(c -> WebClient.bearer(app.baseUrl(), token)).toList();
                TimelineLoad load = TimelineLoad.start(clients, key, "crash-" + cycle, 5_000, Duration.ofSeconds(90),
                        true);
                loads.add(load);
                // past the start-up's slow first requests, then kill it while every client is posting
                assertThat(load.awaitAcknowledged(300, Duration.ofSeconds(60)))
                        .as("300 posts acknowledged within 60 s (cycle %d): %s", cycle, load.failures()).isTrue();
                int before = load.acknowledgedCount();
                AppProcess.sleep(300);
                assertThat(load.acknowledgedCount()).as("still posting when killed").isGreaterThan(before);
                app.kill();
                load.await(Duration.ofSeconds(60));
                assertThat(load.failures()).as("the clients' only failures are the connections the kill cut")
                        .allMatch(failure -> failure.status() == 0);
            }
        }

        try (AppProcess last = AppProcess.start("app-after-kills", work, environment)) {
            WebClient reader = WebClient.bearer(last.baseUrl(), token);
            List<String> report = new ArrayList<>();
            int lostTotal = 0;
            for (TimelineLoad load : loads) {
                Map<String, Integer> occurrences = load.occurrences(reader, key);
                Set<String> lost = load.lost(occurrences);
                lostTotal += lost.size();
                report.add(load.label() + ": " + load.acknowledgedCount() + " acknowledged, " + lost.size()
                        + " lost " + lost.stream().limit(5).toList() + ", duplicated "
                        + TimelineLoad.duplicated(occurrences));
                assertThat(TimelineLoad.duplicated(occurrences)).as("events stored twice").isEmpty();
            }
            System.out.println("Crash test: " + report);
            assertThat(lostTotal).as("acknowledged events lost by kill -9: %s", report).isZero();
            assertThat(last.errorLines()).as("errors after the restart").isEmpty();
        }
    }
}
