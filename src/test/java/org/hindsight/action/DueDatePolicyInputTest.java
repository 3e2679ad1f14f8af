package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Admin → Due-date policy with one bad value among otherwise good ones: a 400 that names the field (or, for a row
 * the page does not have, says so above the form), keeps what the admin typed, and writes nothing.
 */
@DatabaseTest
class DueDatePolicyInputTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "rows[0].corrective     | abc            | rows[0].corrective | td.has-error .field-error",
            "rows[0].corrective     | 99999999999999 | rows[0].corrective | td.has-error .field-error",
            "rows[0].version        | abc            | rows[0].version    | th.has-error .field-error",
            "rows[0].severity       | SEV9           | rows[0].severity   | th.has-error .field-error",
            "rows[300].severity     | SEV1           |                    | [role=alert]",
            "rows[99999999].severity| SEV1           |                    | [role=alert]",
            "rows[-1].severity      | SEV1           |                    | [role=alert]",
            "rows[x].severity       | SEV1           |                    | [role=alert]"})
    void oneBadValueIsA400NamingItAndNothingIsWritten(String name, String value, String shownField, String message)
            throws Exception {
        HindsightUser admin = users.create("policy-input", Role.ADMIN);
        List<Map<String, Object>> before = policyRows();
        Document form = Jsoup.parse(mvc.perform(get("/admin/due-dates").with(user(admin))).andReturn().getResponse()
                .getContentAsString());
        // every field as the page shows it, the corrective days of SEV2 changed (so a silent write would show), and
        // the one bad value
        MockHttpServletRequestBuilder request = post("/admin/due-dates").with(user(admin)).with(csrf());
        form.select("form[action$=/admin/due-dates] input[name^=rows]").forEach(input -> {
            String field = input.attr("name");
            if (!field.equals(name)) {
                request.param(field, field.equals("rows[1].corrective") ? "3" : input.attr("value"));
            }
        });
        request.param(name, value);

        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        Document page = Jsoup.parse(response.getContentAsString());
        if (shownField != null) {
            assertThat(page.select("input[name=" + shownField + "]").attr("value")).as("typed value kept").isEqualTo(value);
            assertThat(page.select("tr:has(input[name=" + shownField + "]) " + message).text()).as("message in its row")
                    .isNotBlank();
        } else {
            assertThat(page.select(message).text()).as("message above the form").contains(name);
        }
        assertThat(page.select("input[name=rows[1].corrective]").attr("value")).as("the admin's other values kept")
                .isEqualTo("3");
        assertThat(policyRows()).as("nothing written").isEqualTo(before);
    }

    private List<Map<String, Object>> policyRows() {
        return jdbc.queryForList("select * from due_date_policy order by severity");
    }
}
