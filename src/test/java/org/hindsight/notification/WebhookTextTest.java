package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The text rules of webhooks, without a database: addresses, allowed hosts, masking, cutting and escaping. */
class WebhookTextTest {

    @Test
    void onlyHttpAndHttpsAddressesWithAHost() {
        assertThat(WebhookSettings.webAddress("https://hooks.slack.com/services/T/B/x")).isNotNull();
        assertThat(WebhookSettings.webAddress("http://10.0.0.7:8065/hooks/abc")).isNotNull();
        assertThat(WebhookSettings.webAddress("HTTPS://Example.com/x")).isNotNull();
        for (String bad : new String[] {"ftp://example.com", "javascript:alert(1)", "https://", "//example.com/x",
                "https://user:pw@example.com/", "https://exa mple.com/", " https://example.com", "mailto:a@b.c",
                "file:///etc/passwd", "https://example.com/\u0000"}) {
            assertThat(WebhookSettings.webAddress(bad)).as(bad).isNull();
        }
    }

    @Test
    void allowedHostsMatchExactlyOrAsADomain() {
        List<String> allowed = List.of("hooks.slack.com", ".example.com");
        assertThat(WebhookSettings.allowed("hooks.slack.com", allowed)).isTrue();
        assertThat(WebhookSettings.allowed("HOOKS.slack.com", allowed)).isTrue();
        assertThat(WebhookSettings.allowed("evil-hooks.slack.com", allowed)).isFalse();
        assertThat(WebhookSettings.allowed("chat.example.com", allowed)).isTrue();
        assertThat(WebhookSettings.allowed("example.com", allowed)).isTrue();
        assertThat(WebhookSettings.allowed("badexample.com", allowed)).isFalse();
        assertThat(WebhookSettings.allowed("10.0.0.7", allowed)).isFalse();
        assertThat(WebhookSettings.allowed("10.0.0.7", List.of())).as("no list: any host").isTrue();
        assertThatThrownBy(() -> WebhookSettings.parse("x", "https://10.0.0.7/hook", "GENERIC",
                List.of("KEY_MOMENT"), List.of(), allowed)).isInstanceOfSatisfying(WebhookSettings.Invalid.class,
                        e -> assertThat(e.problems()).extracting(WebhookSettings.Problem::field).containsExactly("url"));
    }

    @Test
    void theMaskedAddressKeepsNoTokenOfItsPath() {
        assertThat(WebhookSettings.masked("https://hooks.slack.com/services/T0/B0/secret"))
                .isEqualTo("https://hooks.slack.com/\u2026");
        assertThat(WebhookSettings.masked("http://127.0.0.1:8080/")).isEqualTo("http://127.0.0.1:8080/");
        assertThat(WebhookSettings.masked("https://example.com?token=x")).isEqualTo("https://example.com/\u2026");
    }

    @Test
    void textIsCutWithinLimitsAndEscapedForEachReceiver() {
        assertThat(WebhookMessages.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(WebhookMessages.cut("abcdefg", 6)).isEqualTo("abcde\u2026").hasSize(6);
        // never inside a surrogate pair: the fire emoji is two UTF-16 units
        assertThat(WebhookMessages.cut("abcd\uD83D\uDD25xyz", 6)).isEqualTo("abcd\u2026");
        assertThat(WebhookMessages.slackEscape("<!channel> & <http://x|y>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
        assertThat(WebhookMessages.markdownEscape("*bold* [a](b) @all", true))
                .isEqualTo("\\*bold\\* \\[a\\]\\(b\\) @\u2060all");
        assertThat(WebhookMessages.markdownEscape("@here", false)).isEqualTo("@here");
    }

    @Test
    void theOutcomeOfAnAnswer() {
        assertThat(DeliveryWorker.outcome(new WebhookSender.Answer(204, null, null)))
                .isEqualTo(DeliveryWorker.Outcome.DELIVERED);
        for (Integer retried : new Integer[] {null, 408, 429, 500, 502, 503}) {
            assertThat(DeliveryWorker.outcome(new WebhookSender.Answer(retried, "x", null))).as("" + retried)
                    .isEqualTo(DeliveryWorker.Outcome.RETRY);
        }
        for (int refused : new int[] {301, 302, 400, 401, 403, 404, 410, 413, 422}) {
            assertThat(DeliveryWorker.outcome(new WebhookSender.Answer(refused, "x", null))).as("" + refused)
                    .isEqualTo(DeliveryWorker.Outcome.FAILED);
        }
    }
}
