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

    /** A request as the servlet container makes it: the URL's parameters are also in its parameter map. */
    private static MockHttpServletRequest request(String method, String query, String... urlParameters) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/actions");
        request.setQueryString(query);
        for (int i = 0; i < urlParameters.length; i += 2) {
            request.addParameter(urlParameters[i], urlParameters[i + 1]);
        }
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }

    @Test
    void theUrlsParametersAreKeptButThePage() {
        request("GET", "owner=al%C3%AFce&status=open&status=done&page=3&_csrf=x&service=&q=a+b%26c",
                "owner", "alïce", "status", "open", "status", "done", "page", "3", "_csrf", "x", "service", "",
                "q", "a b&c");
        assertThat(links.to(4)).isEqualTo("/actions?owner=al%C3%AFce&status=open&status=done&q=a+b%26c&page=4");
        PageLinks.Links around = links.around(new PageImpl<>(List.of("a"), PageRequest.of(1, 1), 3));
        assertThat(around.previous()).endsWith("&page=0");
        assertThat(around.next()).endsWith("&page=2");
        assertThat(links.around(new PageImpl<>(List.of("a"), PageRequest.of(0, 1), 1)))
                .isEqualTo(new PageLinks.Links(null, null));
    }

    @Test
    void aPostedFormsFieldsAreNotCarriedToTheOtherPages() {
        MockHttpServletRequest request = request("POST", "overdue=true&owner=%zz", "overdue", "true");
        request.addParameter("op", "status");
        request.addParameter("reason", "typed into the form");
        request.addParameter("selected", "12:3");
        assertThat(links.to(1)).isEqualTo("/actions?overdue=true&page=1");
    }
}
