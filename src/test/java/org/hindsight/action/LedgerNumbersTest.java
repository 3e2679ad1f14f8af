package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.UserRef;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.RunningApp;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserDirectory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's summary and chart are kept between views (LedgerNumbers): every change shows on the very next view,
 * one made through another instance of the application within a second of its commit, a view of an unchanged ledger
 * runs none of their queries, and after ten seconds by the clock they are recomputed in the background (while the
 * view shows them once more), after twenty while the view waits. The test clock stands still
 * unless a test moves it, so only invalidation can make a change show.
 */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerNumbersTest {

    /** The summary's one grouped query and the chart's three. */
    private static final int NUMBERS_STATEMENTS = 4;
    /** The page of items, read unless kept under the same mark for less than ten seconds (LedgerQueries). */
    private static final int ROWS_STATEMENTS = 1;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    ActionItemRepository items;

    @Autowired
    UserDirectory userDirectory;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    /** The figures above the items as the viewer reads them, and how many statements the view prepared. */
    private record View(long open, long overdue, long week, long done, Map<String, String> owners, String thisWeek,
            long statements) {
    }

    private View view(String query) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();
        Document page = Jsoup.parse(mvc.perform(get("/actions?service=" + f.service + query).with(user(f.manager)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        long statements = statistics.getPrepareStatementCount();
        Map<String, String> owners = new LinkedHashMap<>();
        for (Element row : page.select("#owner-loads tbody tr")) {
            owners.put(row.attr("data-owner"), row.select(".open").text() + "/" + row.select(".overdue").text());
        }
        Element week = page.select("#backlog-table tbody tr").last();
        return new View(number(page, "#stat-open"), number(page, "#stat-overdue"), number(page, "#stat-week"),
                number(page, "#stat-done"), owners, week.select(".opened").text() + "/" + week.select(".closed").text()
                        + "/" + week.select(".backlog").text(), statements);
    }

    private View view() throws Exception {
        return view("");
    }

    /** The view once the background computation of its numbers has finished: {@code open} items shown. */
    private View viewOnceRecounted(long open) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        View view = view();
        while (view.open() != open && System.nanoTime() < deadline) {
            Thread.sleep(50);
            view = view();
        }
        return view;
    }

    private static long number(Document page, String selector) {
        return Long.parseLong(page.select(selector).text());
    }

    private ActionFields fields(long id, String owner) {
        var item = actions.get(f.manager, id);
        return new ActionFields(item.title(), item.details(), item.type(), item.category(), owner, item.dueDate(),
                item.priority(), item.status(), item.wontDoReason(), item.trackerUrl(), item.version());
    }

    @Test
    void everyChangeShowsOnTheVeryNextView() throws Exception {
        View before = view();
        assertThat(before).extracting(View::open, View::overdue, View::week, View::done).containsExactly(4L, 2L, 1L, 1L);
        assertThat(before.owners()).as("open/overdue, heaviest first").containsExactly(
                Map.entry(f.alice.getUsername(), "2/1"), Map.entry(LedgerFilter.UNASSIGNED, "1/1"),
                Map.entry(f.bob.getUsername(), "1/0"));
        assertThat(before.thisWeek()).as("opened/closed/open in this week").isEqualTo("2/2/4");
        assertThat(withStatements(view(), 0)).as("seen again, unchanged").isEqualTo(withStatements(before, 0));

        // created: open, due this week, bob's
        long created = actions.create(f.manager, incidents.idOf(f.sev1), new ActionFields("New" + TestUsers.unique(""),
                null, ActionType.CORRECTIVE, ActionCategory.TASK, f.bob.getUsername(),
                LedgerClock.START.atZone(java.time.ZoneOffset.UTC).toLocalDate(), null, null, null, null, 0)).id();
        View afterCreate = view();
        assertThat(afterCreate).extracting(View::open, View::week).containsExactly(5L, 2L);
        assertThat(afterCreate.owners()).containsExactly(Map.entry(f.alice.getUsername(), "2/1"),
                Map.entry(f.bob.getUsername(), "2/0"), Map.entry(LedgerFilter.UNASSIGNED, "1/1"));
        assertThat(afterCreate.thisWeek()).isEqualTo("3/2/5");

        // done
        actions.changeStatus(f.manager, created, ActionStatus.DONE, null, null);
        View afterDone = view();
        assertThat(afterDone).extracting(View::open, View::week, View::done).containsExactly(4L, 1L, 2L);
        assertThat(afterDone.thisWeek()).isEqualTo("3/3/4");

        // reassigned through the edit form's service: bob's item to alice
        actions.update(f.manager, f.id3, fields(f.id3, f.alice.getUsername()));
        assertThat(view().owners()).containsExactly(Map.entry(f.alice.getUsername(), "3/1"),
                Map.entry(LedgerFilter.UNASSIGNED, "1/1"));

        // a bulk change from the ledger: both overdue items done
        mvc.perform(post("/actions?service=" + f.service).with(user(f.manager)).with(csrf()).param("op", "status")
                .param("newStatus", "DONE").param("selected", f.id1 + ":" + actions.get(f.manager, f.id1).version())
                .param("selected", f.id4 + ":" + actions.get(f.manager, f.id4).version()))
                .andExpect(status().isFound());
        View afterBulk = view();
        assertThat(afterBulk).extracting(View::open, View::overdue, View::done).containsExactly(2L, 0L, 4L);
        assertThat(afterBulk.thisWeek()).isEqualTo("3/5/2");

        // deleted (the application has no way to delete an item yet; the entity's removal is what one would do)
        new TransactionTemplate(transactions).executeWithoutResult(tx -> items.deleteById(f.id2));
        View afterDelete = view();
        assertThat(afterDelete).extracting(View::open, View::week).containsExactly(1L, 0L);
        assertThat(afterDelete.owners()).containsExactly(Map.entry(f.alice.getUsername(), "1/0"));
    }

    @Test
    void aViewWhileAChangeIsUncommittedKeepsNothingPastTheCommit() throws Exception {
        assertThat(view().open()).isEqualTo(4);
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            // written and flushed (the generation moves now), not yet committed
            actions.changeStatus(f.manager, f.id3, ActionStatus.DONE, null, null);
            View during = CompletableFuture.supplyAsync(() -> {
                try {
                    return view();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).join();
            assertThat(during.open()).as("another view does not see the uncommitted change").isEqualTo(4);
        });
        assertThat(view().open()).as("the first view after the commit").isEqualTo(3);
    }

    @Test
    void aChangeThroughAnotherInstanceShowsWithinASecondOfItsCommitAndNotBefore() throws Exception {
        RunningApp other = RunningApp.other();
        View first = view();
        View kept = view();
        assertThat(kept.open()).isEqualTo(4);
        assertThat(kept.statements()).as("kept").isLessThan(first.statements());

        // the other instance closes an item and holds its transaction open for a while
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> otherTransaction = CompletableFuture.runAsync(() ->
                new TransactionTemplate(other.bean(PlatformTransactionManager.class)).executeWithoutResult(tx -> {
                    other.bean(ActionItemService.class).changeStatus(f.manager, f.id3, ActionStatus.DONE, null, null);
                    other.bean(ActionItemRepository.class).flush();
                    written.countDown();
                    await(commit);
                }));
        try {
            await(written);
            Thread.sleep(1200);
            View during = view();
            assertThat(during.open()).as("written, not committed: not shown").isEqualTo(4);
            assertThat(during.statements()).as("nor counted again (the counter moves only with the commit)")
                    .isEqualTo(kept.statements());
        } finally {
            commit.countDown();
        }
        otherTransaction.get(20, TimeUnit.SECONDS);
        long committed = System.nanoTime();

        // a view a second after the commit shows it; this instance's clock stands still, so only the shared counter
        // can have made it count again
        Thread.sleep(Math.max(0, 1000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed)));
        View after = view();
        assertThat(after).extracting(View::open, View::overdue).as("the other instance's change, a second after its "
                + "commit").containsExactly(3L, 2L);
        assertThat(after.statements()).as("counted again").isGreaterThan(kept.statements());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static View withStatements(View view, long statements) {
        return new View(view.open(), view.overdue(), view.week(), view.done(), view.owners(), view.thisWeek(),
                statements);
    }

    @Test
    void anIncidentsSeverityAndAnOwnersNameShowOnTheNextView() throws Exception {
        assertThat(view("&severity=SEV1").open()).as("alice's two items on the SEV1 incident").isEqualTo(2);
        IncidentDetails now = incidents.details(f.sev3);
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time, now.get(time));
        }
        incidents.update(f.manager, f.sev3, IncidentChanges.from(now).severity(Severity.SEV1).times(times)
                .rootCauseSummary(null).rootCause(null).resolution(null).contributingFactors(null).lessons(null)
                .notes(null).build());
        assertThat(view("&severity=SEV1").open()).as("and now bob's and the unassigned one too").isEqualTo(4);

        Document page = Jsoup.parse(mvc.perform(get("/actions?service=" + f.service).with(user(f.manager)))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("#owner-loads tr[data-owner=" + f.bob.getUsername() + "] td").first().text())
                .isNotEqualTo("Robert Renamed");
        long version = userDirectory.byId(f.bob.getId()).orElseThrow().getVersion();
        mvc.perform(post("/profile").with(user(f.bob)).with(csrf()).param("displayName", "Robert Renamed")
                .param("email", TestUsers.unique("bob") + "@example.com").param("timeZone", "UTC").param("version", Long.toString(version)))
                .andExpect(status().isFound());
        page = Jsoup.parse(mvc.perform(get("/actions?service=" + f.service).with(user(f.manager))).andReturn()
                .getResponse().getContentAsString());
        assertThat(page.select("#owner-loads tr[data-owner=" + f.bob.getUsername() + "] td").first().text())
                .isEqualTo("Robert Renamed");
    }

    @Test
    void anUnchangedLedgerIsCountedOnceInTenSeconds() throws Exception {
        // what every page offers (service names, usernames) is kept too: fill it with another scope's view first
        mvc.perform(get("/actions?service=warm-up").with(user(f.manager))).andExpect(status().isOk());
        View first = view();
        View second = view();
        assertThat(second.statements()).as("the second view runs no summary, chart or rows query")
                .isEqualTo(first.statements() - NUMBERS_STATEMENTS - ROWS_STATEMENTS);
        assertThat(withStatements(second, 0)).isEqualTo(withStatements(first, 0));
        assertThat(view("&status=any&sort=newest&overdue=true").statements())
                .as("filters the numbers do not follow share them (their rows are their own)")
                .isEqualTo(second.statements() + ROWS_STATEMENTS);

        // an item closed directly in the database, not through any instance of the application: nothing tells
        jdbc.update("update action_item set status = 'DONE', completed_at = ? where id = ?",
                java.sql.Timestamp.from(LedgerClock.START), f.id3);
        LedgerClock.CLOCK.advance(Duration.ofSeconds(9));
        View stale = view();
        assertThat(stale.statements()).isEqualTo(second.statements());
        assertThat(stale.open()).as("up to ten seconds old").isEqualTo(4);

        LedgerClock.CLOCK.advance(Duration.ofSeconds(2));
        assertThat(view().open()).as("older than ten seconds: shown once more while its successor is computed")
                .isEqualTo(4);
        View recounted = viewOnceRecounted(3);
        assertThat(recounted).extracting(View::open, View::done).containsExactly(3L, 2L);
        assertThat(view().statements()).isEqualTo(second.statements());

        LedgerClock.CLOCK.advance(LedgerNumbers.REFRESH_WITHIN.plusSeconds(1));
        assertThat(view().statements()).as("too old to be shown while recomputed: recomputed while the view waits")
                .isEqualTo(first.statements());

        LedgerClock.at(LedgerClock.START);
        assertThat(view().statements()).as("a clock set back by more than ten seconds recomputes too")
                .isEqualTo(first.statements());
    }
}
