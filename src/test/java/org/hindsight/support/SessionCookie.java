package org.hindsight.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;

import org.springframework.test.web.servlet.MvcResult;

/**
 * The session cookie a response set, to send along with the next requests as a browser does. Sessions live in the
 * database (Spring Session), so a test keeps the cookie, not a {@code MockHttpSession}.
 */
public final class SessionCookie {

    public static final String NAME = "JSESSIONID";

    private SessionCookie() {
    }

    public static Cookie of(MvcResult result) {
        Cookie cookie = result.getResponse().getCookie(NAME);
        assertThat(cookie).as("the response sets the session cookie").isNotNull();
        return cookie;
    }
}
