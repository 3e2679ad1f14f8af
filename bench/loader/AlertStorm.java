import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert storm against a running Hindsight (bench/alerts.sh starts it): an Alertmanager integration receives
 * 1,000 alerts a minute (50 fingerprints in 10 groups, each group's notification every 3 s, as Alertmanager repeats
 * them, with alerts resolving and firing again) and, every 30 s, a burst of one notification carrying 100 new
 * alerts. Meanwhile a reader loads an incident page with 100 events, as before the storm. Prints the intake's
 * latencies, the page's latencies before and during the storm, and the ALERT events expected vs. stored.
 *
 * <pre>java bench/loader/AlertStorm.java http://127.0.0.1:18081 admin PASSWORD [minutes]</pre>
 */
public class AlertStorm {

    static final int GROUPS = 10;
    static final int PER_GROUP = 5;
    static final int BURST = 100;
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2])
                .getBytes(StandardCharsets.UTF_8));
        double minutes = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // the integration, and an incident with 100 events whose page is read all along
        String created = send(api, HttpRequest.newBuilder(URI.create(base + "/api/integrations"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + System.nanoTime()
                        + "\",\"source\":\"ALERTMANAGER\"}")), 201);
        String secret = field(created, "secret");
        String url = field(created, "url");
        String intakeUrl = url.startsWith("http") ? url : base + url;
        String incident = send(api, HttpRequest.newBuilder(URI.create(base + "/api/incidents"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Page under a storm\",\"severity\":\"SEV2\"}")),
                201);
        String key = field(incident, "key");
        for (int i = 0; i < 100; i++) {
            send(api, HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + key + "/timeline"))
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Event " + i + " with **some** text\"}")),
                    201);
        }
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = send(browser, HttpRequest.newBuilder(URI.create(base + "/login")).GET(), 200);
        Matcher csrf = CSRF.matcher(login);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on /login");
        }
        send(browser, HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(args[1]) + "&password=" + enc(args[2])
                        + "&_csrf=" + enc(csrf.group(1)))), 302);
        String page = base + "/incidents/" + key;

        readPage(browser, page, Duration.ofSeconds(20), null); // the JIT's warm-up, not measured
        List<Long> before = readPage(browser, page, Duration.ofSeconds(30), null);

        // the storm
        Map<String, Integer> expected = new HashMap<>();
        Map<String, Boolean> firing = new HashMap<>();
        Map<String, Instant> startsAt = new HashMap<>();
        List<Long> intake = Collections.synchronizedList(new ArrayList<>());
        List<Long> bursts = Collections.synchronizedList(new ArrayList<>());
        List<Long> during = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean storming = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        reader.submit(() -> readPage(browser, page, Duration.ofMinutes(60), storming).forEach(during::add));
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        int round = 0;
        int errors = 0;
        int alertsSent = 0;
        // times with nanoseconds, as Alertmanager writes them (and below the microsecond that the database keeps)
        Instant t0 = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).plusNanos(667_461_234);
        while (System.nanoTime() < end) {
            long roundStart = System.nanoTime();
            for (int g = 0; g < GROUPS; g++) {
                StringBuilder alerts = new StringBuilder();
                for (int a = 0; a < PER_GROUP; a++) {
                    String fp = "storm-" + g + "-" + a;
                    // every 7th round a fingerprint changes state: resolves, or fires again later
                    boolean nowFiring = firing.getOrDefault(fp, false);
                    boolean flip = round == 0 || (round + g * PER_GROUP + a) % 7 == 0;
                    Instant now = t0.plusSeconds(round * 3L);
                    if (flip) {
                        nowFiring = !nowFiring;
                        if (nowFiring) {
                            startsAt.put(fp, now);
                        }
                        expected.merge(fp, 1, Integer::sum);
                        firing.put(fp, nowFiring);
                    }
                    alerts.append(a == 0 ? "" : ",").append(alert(fp, "g" + g, nowFiring, startsAt.get(fp),
                            nowFiring ? null : now));
                    alertsSent++;
                }
                long t = System.nanoTime();
                int status = post(api, intakeUrl, secret, notification("g" + g, alerts.toString()));
                intake.add(System.nanoTime() - t);
                errors += status == 200 ? 0 : 1;
            }
            if (round % 10 == 5) {
                StringBuilder alerts = new StringBuilder();
                for (int i = 0; i < BURST; i++) {
                    String fp = "burst-" + round + "-" + i;
                    alerts.append(i == 0 ? "" : ",").append(alert(fp, "burst-" + round, true,
                            t0.plusSeconds(round * 3L), null));
                    expected.put(fp, 1);
                    alertsSent++;
                }
                long t = System.nanoTime();
                int status = post(api, intakeUrl, secret, notification("burst-" + round, alerts.toString()));
                bursts.add(System.nanoTime() - t);
                errors += status == 200 ? 0 : 1;
            }
            round++;
            long wait = 3_000_000_000L - (System.nanoTime() - roundStart);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        storming.set(false);
        reader.shutdown();
        reader.awaitTermination(30, TimeUnit.SECONDS);

        // every expected event against the stored ones, through the timelines of the declared incidents
        Map<String, Integer> stored = new HashMap<>();
        String incidents = send(api, HttpRequest.newBuilder(URI.create(base + "/api/incidents?size=100"))
                .header("Authorization", basic).GET(), 200);
        Matcher keys = Pattern.compile("\"key\"\\s*:\\s*\"(INC-\\d+)\"").matcher(incidents);
        Pattern fingerprint = Pattern.compile("bench_fp=((?:storm|burst)-[0-9-]+)");
        while (keys.find()) {
            String timeline = send(api, HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + keys.group(1)
                    + "/timeline")).header("Authorization", basic).GET(), 200);
            Matcher m = fingerprint.matcher(timeline);
            while (m.find()) {
                stored.merge(m.group(1), 1, Integer::sum);
            }
        }
        int lost = 0;
        int duplicated = 0;
        for (var e : expected.entrySet()) {
            int have = stored.getOrDefault(e.getKey(), 0);
            lost += Math.max(0, e.getValue() - have);
            duplicated += Math.max(0, have - e.getValue());
        }
        for (var e : stored.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                duplicated += e.getValue();
            }
        }
        int expectedEvents = expected.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("| alerts sent | %d in %.0f s (%.0f a minute), %d notifications + %d bursts of %d, %d errors |%n",
                alertsSent, seconds, alertsSent / seconds * 60, intake.size(), bursts.size(), BURST, errors);
        System.out.printf("| intake, 5 alerts | p50 %s, p99 %s, max %s |%n", ms(intake, 50), ms(intake, 99),
                ms(intake, 100));
        System.out.printf("| intake, burst of %d | p50 %s, p99 %s, max %s |%n", BURST, ms(bursts, 50), ms(bursts, 99),
                ms(bursts, 100));
        System.out.printf("| ALERT events | %d expected, %d stored: lost %d, duplicated %d |%n", expectedEvents,
                stored.values().stream().mapToInt(Integer::intValue).sum(), lost, duplicated);
        System.out.printf("| incident page (100 events), before | %d reads: p50 %s, p99 %s |%n", before.size(),
                ms(before, 50), ms(before, 99));
        System.out.printf("| incident page (100 events), during | %d reads: p50 %s, p99 %s |%n", during.size(),
                ms(during, 50), ms(during, 99));
        if (lost > 0 || duplicated > 0 || errors > 0) {
            System.exit(1);
        }
    }

    static List<Long> readPage(HttpClient client, String page, Duration length, AtomicBoolean until) {
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        try {
            while (System.nanoTime() < end && (until == null || until.get())) {
                long t = System.nanoTime();
                send(client, HttpRequest.newBuilder(URI.create(page)).GET(), 200);
                times.add(System.nanoTime() - t);
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return times;
    }

    static String notification(String group, String alerts) {
        return "{\"version\":\"4\",\"groupKey\":\"{}:{group=\\\"" + group + "\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"hindsight\",\"groupLabels\":{\"group\":\"" + group + "\"},"
                + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager:9093\","
                + "\"alerts\":[" + alerts + "]}";
    }

    static String alert(String fingerprint, String group, boolean firing, Instant startsAt, Instant endsAt) {
        return "{\"status\":\"" + (firing ? "firing" : "resolved") + "\",\"labels\":{\"alertname\":\"Storm\","
                + "\"group\":\"" + group + "\",\"service\":\"svc-" + group + "\",\"severity\":\"warning\","
                + "\"bench_fp\":\"" + fingerprint + "\"},\"annotations\":{\"summary\":\"Storm alert\"},"
                + "\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + (endsAt == null ? "0001-01-01T00:00:00Z" : endsAt)
                + "\",\"generatorURL\":\"http://prometheus:9090/graph\",\"fingerprint\":\"" + fingerprint + "\"}";
    }

    static int post(HttpClient client, String url, String secret, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String send(HttpClient client, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String ms(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return String.format("%.0f ms", sorted.get(Math.max(0, index)) / 1e6);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
