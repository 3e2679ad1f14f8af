package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.remote.SessionId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The browser tests' sessions share a kept Chromium ({@link Browser}): a session opened after a closed one must start
 * as in a new Chromium, signed out, with one window of the laptop's size and no implicit wait, whatever the one
 * before left behind.
 */
@BrowserTest
class KeptChromiumBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Test
    void aSessionAfterAClosedOneStartsSignedOutInOneLaptopWindowWithoutAnImplicitWait() {
        HindsightUser responder = users.create("kept-chromium", Role.RESPONDER);
        String base = "http://localhost:" + port;
        SessionId chromium;
        try (Browser first = Browser.start(base)) {
            chromium = first.driver().getSessionId();
            first.signIn(responder);
            first.driver().manage().window().setSize(new Dimension(390, 844));
            first.driver().manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
            first.driver().switchTo().newWindow(WindowType.TAB);
            first.open("/actions");
        }

        try (Browser second = Browser.start(base)) {
            assertThat(second.driver().getSessionId()).as("the Chromium kept from the first session")
                    .isEqualTo(chromium);
            assertThat(second.driver().getWindowHandles()).as("the Chromium's first window and the session's own")
                    .hasSize(2);
            assertThat(second.driver().manage().window().getSize()).isEqualTo(new Dimension(1280, 900));
            assertThat(second.driver().manage().timeouts().getImplicitWaitTimeout()).as("the implicit wait")
                    .isZero();
            second.open("/incidents");
            assertThat(second.path()).as("where a signed-out visitor lands").startsWith("/login");
        }
    }
}
