package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Admin → Users is paged; a page number that cannot exist is a 400 that names the parameter. */
@DatabaseTest
class AdminUserListTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @ParameterizedTest
    @ValueSource(strings = {"2147483647", "85899345", "-1", "99999999999", "abc"})
    void aPageThatCannotExistIsA400NamingIt(String page) throws Exception {
        HindsightUser admin = users.create("list-admin", Role.ADMIN);
        MockHttpServletResponse response = mvc.perform(get("/admin/users").param("page", page).with(user(admin)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(Jsoup.parse(response.getContentAsString()).select(".error-page").text()).contains("page");
    }

    @Test
    void pagesThatCanExistAreShown() throws Exception {
        HindsightUser admin = users.create("list-admin", Role.ADMIN);
        for (String page : new String[] {"0", "1", "85899344"}) {
            MockHttpServletResponse response = mvc.perform(get("/admin/users").param("page", page).with(user(admin)))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).as("page " + page).isEqualTo(200);
        }
        assertThat(mvc.perform(get("/admin/users").with(user(admin))).andReturn().getResponse().getContentAsString())
                .contains(admin.getUsername());
    }
}
