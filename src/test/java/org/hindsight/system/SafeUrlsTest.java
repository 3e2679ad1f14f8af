package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/a?b=c&d=e",
            "HTTP://EXAMPLE.COM",
            "http://example.com:8080/x#y",
            "mailto:oncall@example.com",
            "MailTo:oncall@example.com",
            "/incidents/INC-1",
            "incidents/INC-1",
            "../up",
            "?page=2",
            "#timeline",
            "//cdn.example.com/x",
            "/search?q=a:b",
            "/wiki/Talk:Page",
            "?next=a:b",
            "#note:1",
            "",
    })
    void allowedLinks(String url) {
        assertThat(SafeUrls.isAllowedLink(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "\u0001javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\rscript:alert(1)",
            "java script:alert(1)",
            "java&#115;cript:alert(1)",
            "java&#115cript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#X6a;avascript:alert(1)",
            "&#0000106;avascript:alert(1)",
            "&#106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "java&NewLine;script:alert(1)",
            "&amp;#106;avascript:alert(1)",
            "java%73cript:alert(1)",
            "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
            "java%2573cript:alert(1)",
            "javascript%3Aalert(1)",
            "javascript://%0Aalert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "ftp://example.com",
            "tel:123",
            "x:y",
            "%25252525252525252525252525252525252525",
    })
    void refusedLinks(String url) {
        assertThat(SafeUrls.isAllowedLink(url)).isFalse();
        assertThat(SafeUrls.isAllowedImage(url)).isFalse();
    }

    /** The scheme as a browser would end up reading it: every spelling trick undone. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "javascript:alert(1)             | javascript",
            "JaVaScRiPt:alert(1)             | javascript",
            "'java\tscript:alert(1)'         | javascript",
            "'\u0000 java\nscr\ript:alert(1)' | javascript",
            "java&#115;cript:alert(1)        | javascript",
            "java&#X73;cript:alert(1)        | javascript",
            "java&Tab;script&colon;alert(1)  | javascript",
            "&amp;#106;avascript:alert(1)    | javascript",
            "java%73cript:alert(1)           | javascript",
            "java%25%37%33cript:alert(1)     | javascript",
            "HTTPS://example.com             | https",
            "mailto:a@example.com            | mailto",
            "/incidents/INC-1                | NONE",
            "/search?q=a:b                   | NONE",
            "?next=a:b                       | NONE",
            "#note:1                         | NONE",
            "a/b:c                           | NONE",
    })
    void schemeIsReadTheWayABrowserWould(String url, String scheme) {
        assertThat(SafeUrls.scheme(url)).isEqualTo(scheme);
    }

    @Test
    void imagesAreWebOrRelativeOnly() {
        assertThat(SafeUrls.isAllowedImage("https://example.com/a.png")).isTrue();
        assertThat(SafeUrls.isAllowedImage("http://example.com/a.png")).isTrue();
        assertThat(SafeUrls.isAllowedImage("/static/a.png")).isTrue();
        assertThat(SafeUrls.isAllowedImage("mailto:a@example.com")).isFalse();
        assertThat(SafeUrls.isAllowedImage("data:image/png;base64,iVBORw0KGgo=")).isFalse();
        assertThat(SafeUrls.isAllowedImage("data:image/svg+xml,<svg onload=alert(1)>")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://tracker.example.com/browse/OPS-12",
            "http://tracker.example.com",
            "HTTPS://github.com/org/repo/issues/1?x=1#c",
            "https://user@tracker.example.com:8443/x",
    })
    void webUrls(String url) {
        assertThat(SafeUrls.isWebUrl(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "tracker.example.com/OPS-12",
            "/incidents/INC-1",
            "//tracker.example.com/x",
            "https://",
            "https:///path",
            "https:tracker.example.com",
            "mailto:a@example.com",
            "ftp://example.com",
            "javascript:alert(1)",
            "javascript://example.com/%0Aalert(1)",
            " https://example.com",
            "https://example.com ",
            "https://exa mple.com",
            "https://example.com/\nx",
            "htt&#112;s://example.com",
    })
    void notWebUrls(String url) {
        assertThat(SafeUrls.isWebUrl(url)).isFalse();
    }

    @Test
    void nullIsNeverAllowed() {
        assertThat(SafeUrls.isAllowedLink(null)).isFalse();
        assertThat(SafeUrls.isAllowedImage(null)).isFalse();
        assertThat(SafeUrls.isWebUrl(null)).isFalse();
    }
}
