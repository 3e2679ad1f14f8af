package org.hindsight.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients posting timeline events to one incident through the API, each on a thread of its own, every event with
 * a text no other has ({@code <label> c<client> n<count>}); bounded by a number of posts per client and a time.
 * Remembers which texts were acknowledged (201 echoing the text) and which requests failed, so that the timeline
 * read back can be checked: every acknowledged event is there exactly once.
 */
public final class TimelineLoad {

    /** A request that did not get its 201: the status (0 when the connection failed) and what came back. */
    public record Failure(int client, String text, int status, String detail) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String label;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    private TimelineLoad(String label) {
        this.label = label;
    }

    /**
     * Starts one thread per client, each posting up to {@code postsPerClient} events to {@code incidentKey} within
     * {@code maxTime}. With {@code stopAtConnectionFailure} a client stops at its first failed connection (the
     * server is gone); otherwise it goes on.
     */
    public static TimelineLoad start(List<WebClient> clients, String incidentKey, String label, int postsPerClient,
            Duration maxTime, boolean stopAtConnectionFailure) {
        TimelineLoad load = new TimelineLoad(label);
        long deadline = System.nanoTime() + maxTime.toNanos();
        for (int c = 0; c < clients.size(); c++) {
            int client = c;
            WebClient web = clients.get(c);
            Thread thread = new Thread(() -> {
                for (int n = 0; n < postsPerClient && !load.stop.get() && System.nanoTime() < deadline; n++) {
                    String text = label + " c" + client + " n" + n;
                    try {
                        HttpResponse<String> answer = web.postJson("/api/incidents/" + incidentKey + "/timeline",
                                "{\"text\":\"" + text + "\",\"kind\":\"NOTE\"}");
                        if (answer.statusCode() == 201 && text.equals(JSON.readTree(answer.body()).path("text")
                                .asString())) {
                            load.acknowledged.add(text);
                        } else {
                            load.failures.add(new Failure(client, text, answer.statusCode(),
                                    answer.body().substring(0, Math.min(300, answer.body().length()))));
                        }
                    } catch (UncheckedIOException e) {
                        load.failures.add(new Failure(client, text, 0, String.valueOf(e.getCause())));
                        if (stopAtConnectionFailure) {
                            return;
                        }
                    }
                }
            }, "timeline-load-" + label + "-" + client);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    public String label() {
        return label;
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Waits for every client to finish its posts (or the time to run out). */
    public TimelineLoad await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(threads.stream().noneMatch(Thread::isAlive)).as("every client finished within " + timeout)
                .isTrue();
        return this;
    }

    /** Tells the clients to stop after their current request, and waits for them. */
    public TimelineLoad stop(Duration timeout) {
        stop.set(true);
        return await(timeout);
    }

    /** Blocks until at least {@code count} posts were acknowledged; false if that took longer than {@code timeout}. */
    public boolean awaitAcknowledged(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count && System.nanoTime() < deadline) {
            AppProcess.sleep(20);
        }
        return acknowledged.size() >= count;
    }

    /** How often each of this load's texts occurs in a timeline read through the API. */
    public Map<String, Integer> occurrences(WebClient reader, String incidentKey) {
        HttpResponse<String> answer = reader.get("/api/incidents/" + incidentKey + "/timeline");
        assertThat(answer.statusCode()).as("GET the timeline: %s", answer.body()).isEqualTo(200);
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode event : JSON.readTree(answer.body())) {
            String text = event.path("text").asString();
            if (text.startsWith(label + " ")) {
                counts.merge(text, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Acknowledged texts missing from {@code occurrences}. */
    public Set<String> lost(Map<String, Integer> occurrences) {
        return acknowledged.stream().filter(text -> !occurrences.containsKey(text))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Texts that occur more than once. */
    public static Set<String> duplicated(Map<String, Integer> occurrences) {
        return occurrences.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
