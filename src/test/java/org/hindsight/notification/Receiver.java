package org.hindsight.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 (the JDK's own server): records every request it gets (path, headers, body) and
 * answers each path by its script, a queue of statuses (200 once it is empty), optionally after a delay.
 */
final class Receiver implements AutoCloseable {

    /** One request as received; header names in lower case. */
    record Received(String path, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order (then 200). */
    void answer(String path, int... statuses) {
        Deque<Integer> script = scripts.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (script) {
            for (int status : statuses) {
                script.add(status);
            }
        }
    }

    /** Every request to {@code path} waits this long before it is answered. */
    void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.get(0)));
        received.add(new Received(path, headers, new String(body, StandardCharsets.UTF_8)));
        Duration delay = delays.get(path);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = 200;
        Deque<Integer> script = scripts.get(path);
        if (script != null) {
            synchronized (script) {
                Integer next = script.poll();
                status = next == null ? 200 : next;
            }
        }
        byte[] answer = (status >= 400 ? "no_service" : "ok").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // the sender gave up waiting
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
