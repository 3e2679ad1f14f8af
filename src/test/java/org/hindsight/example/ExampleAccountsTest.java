package org.hindsight.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserService;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The example data's people exist (they command, own and are offered as owners) but nobody signs in as them until
 * an admin sets a password: a sign-in as one of them fails exactly as a wrong password does, and the admin pages
 * say why. Client addresses 10.121.x.y are this class's own (sign-in throttling).
 */
@DatabaseTest
class ExampleAccountsTest {

    private static final List<String> PEOPLE = List.of("maria.lopez", "jordan.kim", "sam.okafor", "dev.patel");
    private static final AtomicInteger ADDRESS = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    ExampleData exampleData;

    @Autowired
    IncidentService incidents;

    @Autowired
    UserService userService;

    @Autowired
    TestUsers users;

    @Autowired
    DatabaseUserDetailsService userDetails;

    private static String nextAddress() {
        int n = ADDRESS.incrementAndGet();
        return "10.121." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A form sign-in: where it sends the browser. */
    private String signIn(String username, String password) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())
                .with(from(nextAddress()))).andReturn().getResponse().getRedirectedUrl();
    }

    /** An HTTP Basic call: its status and body. */
    private String basic(String username, String password) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/me").with(httpBasic(username, password))
                .with(from(nextAddress()))).andReturn().getResponse();
        return response.getStatus() + " " + response.getContentAsString();
    }

    @Test
    void theExamplePeopleCannotSignInWithAnyPasswordAndAnswerAsAWrongPasswordDoes() throws Exception {
        String key = exampleData.load();
        HindsightUser someone = users.create("someone", Role.VIEWER);
        String wrongPasswordForm = signIn(someone.getUsername(), "not-the-password");
        String wrongPasswordBasic = basic(someone.getUsername(), "not-the-password");
        assertThat(wrongPasswordForm).isEqualTo("/login?error");

        // two tries each (a fifth failure would lock the name, as for any account)
        for (String person : PEOPLE) {
            assertThat(signIn(person, "not-the-password")).as(person).isEqualTo(wrongPasswordForm);
            assertThat(basic(person, TestUsers.PASSWORD)).as(person).isEqualTo(wrongPasswordBasic);
        }
        for (String person : PEOPLE) {
            assertThat(userDetails.loadUserByUsername(person).getPassword()).as(person + " has no password").isNull();
        }
        // they still are the incident's people and the owners offered
        assertThat(incidents.details(key).commander().username()).isEqualTo("maria.lopez");
        assertThat(userService.activeUsernames()).containsAll(PEOPLE);
    }

    @Test
    void failedSignInsAsAnExamplePersonLockTheNameAsWrongPasswordsDo() throws Exception {
        // an account made the way the example data makes its people, so that the real ones stay unlocked
        String name = TestUsers.unique("example-person");
        userService.createExampleAccount(name, "Example Person", name + "@example.com", Role.RESPONDER);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(name, "guess-" + i)).isEqualTo("/login?error");
        }
        assertThat(signIn(name, "guess-5")).isEqualTo("/login?locked");
    }

    @Test
    void theAdminPagesSayItCannotSignInUntilAnAdminSetsAPasswordThenItCan() throws Exception {
        String name = TestUsers.unique("example-person");
        long id = userService.createExampleAccount(name, "Example Person", name + "@example.com", Role.RESPONDER);
        HindsightUser admin = users.create("example-admin", Role.ADMIN);

        assertThat(statusOnTheUserList(admin, name)).isEqualTo("no password set: cannot sign in");
        String edit = mvc.perform(get("/admin/users/" + id).with(user(admin))).andReturn().getResponse()
                .getContentAsString();
        assertThat(Jsoup.parse(edit).select("#no-password").text()).isEqualTo("no password set: cannot sign in");
        assertThat(signIn(name, "a-password-set-by-the-admin")).isEqualTo("/login?error");

        mvc.perform(post("/admin/users/" + id + "/password").with(csrf()).with(user(admin))
                .param("newPassword", "a-password-set-by-the-admin"));

        assertThat(statusOnTheUserList(admin, name)).isEqualTo("enabled");
        assertThat(Jsoup.parse(mvc.perform(get("/admin/users/" + id).with(user(admin))).andReturn().getResponse()
                .getContentAsString()).select("#no-password")).isEmpty();
        assertThat(signIn(name, "a-password-set-by-the-admin")).isEqualTo("/");
        assertThat(basic(name, "a-password-set-by-the-admin")).startsWith("200 ").contains("\"" + name + "\"");
        assertThat(signIn(name, "another-password")).isEqualTo("/login?error");
    }

    /** The status column of the account's row on Admin → Users, looking through the pages (25 a page). */
    private String statusOnTheUserList(HindsightUser admin, String username) throws Exception {
        for (int page = 0; page < 1000; page++) {
            var html = Jsoup.parse(mvc.perform(get("/admin/users").param("page", String.valueOf(page)).with(user(admin)))
                    .andReturn().getResponse().getContentAsString());
            var rows = html.select("tbody tr");
            if (rows.isEmpty()) {
                break;
            }
            for (Element row : rows) {
                if (row.select("td a").text().equals(username)) {
                    return row.select("td.user-status").text();
                }
            }
        }
        throw new AssertionError(username + " is not on Admin → Users");
    }
}
