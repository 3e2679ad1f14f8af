package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Links to the other pages of a list keep the filters of its URL, and nothing else. */
class PageLinksTest {

    private final PageLinks links = new PageLinks();

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    private static void request(String method, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/actions");
        request.setQueryString(query);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @Test
    void theUrlsParametersAreKeptButThePage() {
        request("GET", "owner=al%C3%AFce&status=open&status=done&page=3&_csrf=x&service=&q=a+b%26c");
        assertThat(links.to(4)).isEqualTo("/actions?owner=al%C3%AFce&status=open&status=done&q=a+b%26c&page=4");
        PageLinks.Links around = links.around(new PageImpl<>(List.of("a"), PageRequest.of(1, 1), 3));
        assertThat(around.previous()).endsWith("&page=0");
        assertThat(around.next()).endsWith("&page=2");
        assertThat(links.around(new PageImpl<>(List.of("a"), PageRequest.of(0, 1), 1)))
                .isEqualTo(new PageLinks.Links(null, null));
    }

    @Test
    void aPostedFormsFieldsAreNotCarriedToTheOtherPages() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actions");
        request.setQueryString("overdue=true");
        request.addParameter("overdue", "true");
        request.addParameter("op", "status");
        request.addParameter("reason", "typed into the form");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        assertThat(links.to(1)).isEqualTo("/actions?overdue=true&page=1");
    }

    @Test
    void aMalformedEscapeIsLeftOut() {
        request("GET", "owner=%zz&status=open&=x&flag");
        assertThat(links.to(1)).isEqualTo("/actions?status=open&page=1");
    }
}
