package org.hindsight.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A client of a running Hindsight over real HTTP, as a browser without script or a script with credentials uses it:
 * cookies kept (a browser's session), redirects not followed (the test looks at them), forms read with jsoup and
 * sent back with their CSRF token, JSON calls with HTTP Basic or a bearer token.
 */
public final class WebClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final HttpClient http;
    private String authorization;

    private WebClient(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** A browser: keeps its cookies. */
    public static WebClient browser(String baseUrl) {
        return new WebClient(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** A script: no cookies, sends HTTP Basic with every request. */
    public static WebClient basic(String baseUrl, String username, String password) {
        WebClient client = script(baseUrl);
        client.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client;
    }

    /** A script: no cookies, sends {@code Authorization: Bearer <token>} with every request. */
    public static WebClient bearer(String baseUrl, String token) {
        WebClient client = script(baseUrl);
        client.authorization = "Bearer " + token;
        return client;
    }

    private static WebClient script(String baseUrl) {
        return new WebClient(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ---- requests

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The answer, or the IOException (a connection refused or cut) as an unchecked one. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- pages and forms

    /** A page that must answer 200 (not a redirect to the sign-in page), parsed. */
    public Document page(String path) {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as("GET %s answered %s %s", path, answer.statusCode(),
                answer.headers().firstValue("Location").orElse("")).isEqualTo(200);
        return Jsoup.parse(answer.body(), baseUrl + path);
    }

    /**
     * The fields a browser would send for the form matching {@code formSelector} on {@code page}: every named
     * input (checked boxes only), select (its selected option) and textarea, the CSRF token included.
     */
    public static Map<String, String> fields(Document page, String formSelector) {
        Element form = page.selectFirst(formSelector);
        assertThat(form).as("form %s on %s", formSelector, page.location()).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String name = input.attr("name");
            switch (input.tagName()) {
                case "select" -> {
                    Element selected = input.selectFirst("option[selected]");
                    if (selected == null) {
                        selected = input.selectFirst("option");
                    }
                    if (selected != null) {
                        fields.putIfAbsent(name, selected.hasAttr("value") ? selected.attr("value") : selected.text());
                    }
                }
                case "textarea" -> fields.putIfAbsent(name, input.wholeText());
                default -> {
                    String type = input.attr("type");
                    if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                        continue;
                    }
                    if (type.equals("submit") || type.equals("button") || type.equals("file")) {
                        continue;
                    }
                    fields.putIfAbsent(name, input.attr("value"));
                }
            }
        }
        return fields;
    }

    /** The {@code action} of the form matching {@code formSelector}, as a path. */
    public static String action(Document page, String formSelector) {
        Element form = page.selectFirst(formSelector);
        assertThat(form).as("form %s", formSelector).isNotNull();
        return URI.create(form.absUrl("action")).getRawPath();
    }

    /**
     * Signs in through the sign-in form (its CSRF token from GET /login) and answers where the app sent the browser:
     * {@code /} when signed in, {@code /login?error} or {@code /login?locked} when not.
     */
    public String signIn(String username, String password) {
        Document login = page("/login");
        Map<String, String> fields = fields(login, "form[action$=\"/login\"]");
        fields.put("username", username);
        fields.put("password", password);
        HttpResponse<String> answer = postForm("/login", fields);
        assertThat(answer.statusCode()).as("sign-in answer").isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        return URI.create(location).getRawPath()
                + (URI.create(location).getRawQuery() == null ? "" : "?" + URI.create(location).getRawQuery());
    }

    /** Makes a personal API token on the profile page and answers it (shown once, after the redirect). */
    public String createApiToken(String name) {
        Document profile = page("/profile");
        Map<String, String> fields = fields(profile, "form[action$=\"/profile/tokens\"]");
        fields.put("name", name);
        HttpResponse<String> answer = postForm("/profile/tokens", fields);
        assertThat(answer.statusCode()).as("token form answer").isEqualTo(302);
        Element token = page("/profile").getElementById("new-token-value");
        assertThat(token).as("the new token on the profile page").isNotNull();
        return token.text();
    }
}
