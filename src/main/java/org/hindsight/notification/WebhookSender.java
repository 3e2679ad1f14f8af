package org.hindsight.notification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/**
 * Posts one message: JSON, signed ({@link Signatures}) and identified ({@code X-Hindsight-Delivery}, the same in
 * every attempt, for receivers that drop repeats). Redirects are not followed (an address that redirects is a
 * mistake, and following could lead anywhere). A receiver gets {@code connectTimeout} to accept the connection and
 * {@code readTimeout} to answer completely: a hanging receiver holds a sender thread no longer than that. Of its
 * answer only the status and the first 200 characters of the body are read (the body only to say why a message
 * was refused, e.g. Slack's {@code invalid_payload}).
 */
@Component
class WebhookSender {

    static final String DELIVERY_HEADER = "X-Hindsight-Delivery";
    static final String EVENT_HEADER = "X-Hindsight-Event";
    private static final int EXCERPT = 200;

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    WebhookSender(WebhookProperties properties) {
        this.connectTimeout = properties.connectTimeout();
        this.readTimeout = properties.readTimeout();
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** What a receiver answered: its status (null: no answer) and why it failed (null when it took the message). */
    record Answer(Integer status, String error, Duration retryAfter) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    Answer send(String url, String event, String messageId, String body, String secret, Instant at) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Hindsight-Webhooks/1")
                    .header(DELIVERY_HEADER, messageId)
                    .header(EVENT_HEADER, event)
                    .header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(Signatures.SIGNATURE_HEADER, Signatures.sign(secret, timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        } catch (IllegalArgumentException e) {
            return new Answer(null, "Not an address that can be posted to", null);
        }
        CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, info -> new Excerpt(EXCERPT));
        try {
            HttpResponse<String> response = future.get(connectTimeout.plus(readTimeout).toMillis(),
                    TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(status, null, null);
            }
            String excerpt = response.body().strip().replaceAll("\\s+", " ");
            return new Answer(status, "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt),
                    retryAfter(response));
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Answer(null, "No answer within " + seconds(connectTimeout.plus(readTimeout)), null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Answer(null, "Interrupted (the application is stopping)", null);
        } catch (ExecutionException e) {
            return new Answer(null, describe(e.getCause()), null);
        }
    }

    private String describe(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "No connection within " + seconds(connectTimeout);
        }
        if (failure instanceof HttpTimeoutException) {
            return "No answer within " + seconds(readTimeout);
        }
        if (failure instanceof ConnectException) {
            return "Connection refused or unreachable";
        }
        if (failure instanceof IOException && failure.getMessage() != null) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        return failure == null ? "Failed" : failure.getClass().getSimpleName();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Retry-After in seconds (408, 429, 503), else null. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,7}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    /** The first {@code max} bytes of a body, as text; the rest is not read (the connection is dropped). */
    private static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Excerpt(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), max - bytes.size());
                byte[] part = new byte[n];
                item.get(part);
                bytes.write(part, 0, n);
            }
            if (bytes.size() >= max) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            result.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
    }
}
