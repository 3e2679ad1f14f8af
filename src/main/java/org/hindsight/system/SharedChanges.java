package org.hindsight.system;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PostConstruct;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells every instance of the application, within about a second, that something its caches are made of changed
 * through another one: the {@code change_counter} table ({@code migrations/V9__change_counter.sql}) holds a counter
 * per {@link Topic}, spread over {@link #STRIPES} rows.
 *
 * <ul>
 *   <li>A transaction that changes a topic raises one of its rows (chosen at random, so that concurrent writers
 *       rarely wait for each other) as its very last statements, after Hibernate's final flush and just before the
 *       commit: the change and the raise commit together or not at all, and the row lock is held only for the commit
 *       (taken last, it cannot close a cycle of waiting transactions). It reads back the value it raised the row to,
 *       and once committed, remembers it as its own.</li>
 *   <li>Every instance reads the rows every {@code hindsight.shared-changes.poll-interval} (500 ms: one read of the
 *       32-row table) and, when a row moved by a value it did not raise itself, runs what its caches
 *       registered with {@link #onChange(Topic, Runnable)} for that topic: they drop what they keep. Its own changes
 *       need no announcement: its caches drop them at once.</li>
 * </ul>
 *
 * A poll sees a raise only once it is committed, so a cache never drops before the change is visible; a cache that
 * read the old data before the poll must keep with its value the generation it read under (as {@link RecentValue}
 * and the ledger's numbers do), so that the drop also reaches a value still being computed. A change made directly
 * in the database raises nothing: the caches' time limits still apply to it.
 */
@Component
public class SharedChanges {

    /** What a cache is made of. Each is a set of rows in {@code change_counter}. */
    public enum Topic {
        /** Action items, incidents and users: the ledger's summary, chart and totals, the incident list's pages. */
        LEDGER("ledger"),
        /** The choices forms offer: service names, active usernames. */
        CHOICES("choices");

        private final String column;

        Topic(String column) {
            this.column = column;
        }

        static Topic of(String column) {
            for (Topic topic : values()) {
                if (topic.column.equals(column)) {
                    return topic;
                }
            }
            return null;
        }
    }

    /** Rows per topic (as many as the migration inserts). */
    static final int STRIPES = 16;
    /** A row that moved by more than this since the last poll is taken as changed elsewhere without looking closer. */
    private static final long MAX_CHECKED_STEPS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SharedChanges.class);
    private static final String RAISE = "update change_counter set changes = changes + 1 where topic = ? and stripe = ?";
    private static final String RAISED = "select changes from change_counter where topic = ? and stripe = ?";
    private static final String ROWS = "select topic, stripe, changes from change_counter";
    private static final String MARK = "select coalesce(sum(changes), 0) from change_counter where topic = ?";

    /** One counter row. */
    private record Row(Topic topic, int stripe) {
    }

    /** A row's value after a raise. */
    private record Raised(Row row, long value) {
    }

    /** What one transaction (by its Hibernate session) changed, and once raised, the values it raised rows to. */
    private static final class Pending {
        final Set<Topic> topics = EnumSet.noneOf(Topic.class);
        final List<Raised> raised = new ArrayList<>();
    }

    private final JdbcTemplate jdbc;
    private final EntityManagerFactory entityManagerFactory;
    private final Map<Topic, List<Runnable>> listeners = new EnumMap<>(Topic.class);
    /** Open transactions that changed a topic; each is removed when it completes. */
    private final Map<SharedSessionContractImplementor, Pending> pending = new IdentityHashMap<>();
    /** Values this instance raised rows to, committed, not yet passed by a poll. */
    private final Map<Row, NavigableSet<Long>> own = new ConcurrentHashMap<>();
    /** Each row's value at the last poll (guarded by this). */
    private final Map<Row, Long> seen = new HashMap<>();
    private volatile boolean failing;

    SharedChanges(JdbcTemplate jdbc, EntityManagerFactory entityManagerFactory) {
        this.jdbc = jdbc;
        this.entityManagerFactory = entityManagerFactory;
        for (Topic topic : Topic.values()) {
            listeners.put(topic, new CopyOnWriteArrayList<>());
        }
    }

    /** The rows as the application starts, before any cache is filled: the first poll then drops only for a change. */
    @PostConstruct
    synchronized void baseline() {
        try {
            seen.putAll(rows());
        } catch (DataAccessException e) {
            log.warn("Cannot read the change counters yet: {}", e.getMessage());
        }
    }

    /**
     * A number that every committed change of {@code topic}, made through any instance, has raised: the sum of the
     * topic's rows, read now, in the current transaction when there is one. Unlike {@link #onChange}, it needs no
     * poll: a cache that keeps a value with the mark read before computing it, and uses the value only while a fresh
     * read gives the same mark, never shows a value from before a change that committed through any instance before
     * that read (the change and its raise commit together). A change made directly in the database raises nothing.
     */
    public long mark(Topic topic) {
        Long sum = jdbc.queryForObject(MARK, Long.class, topic.column);
        return sum == null ? 0 : sum;
    }

    /** {@code drop} runs (on the polling thread) when a change of {@code topic} committed through another instance. */
    public void onChange(Topic topic, Runnable drop) {
        listeners.get(topic).add(drop);
    }

    /**
     * The transaction of this Hibernate session changed {@code topic} (called from Hibernate's event listeners): the
     * topic's counter is raised once, just before that transaction commits.
     */
    public void changedIn(SharedSessionContractImplementor session, Topic topic) {
        boolean first;
        synchronized (pending) {
            Pending changes = pending.get(session);
            first = changes == null;
            if (first) {
                changes = new Pending();
                pending.put(session, changes);
            }
            changes.topics.add(topic);
        }
        if (first) {
            TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
            callbacks.registerCallback((BeforeCompletionCallback) this::raiseBeforeCommit);
            callbacks.registerCallback((AfterCompletionCallback) this::completed);
        }
    }

    /**
     * The current transaction changed {@code topic} (called from a service): raised just before it commits. Outside
     * a transaction, raised at once.
     */
    public void changed(Topic topic) {
        EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
        if (entityManager != null && entityManager.isJoinedToTransaction()) {
            changedIn(entityManager.unwrap(SharedSessionContractImplementor.class), topic);
        } else {
            jdbc.update(RAISE, topic.column, stripe());
        }
    }

    private void raiseBeforeCommit(SharedSessionContractImplementor session) {
        Pending changes;
        synchronized (pending) {
            changes = pending.get(session);
        }
        if (changes == null) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement raise = connection.prepareStatement(RAISE);
                    PreparedStatement read = connection.prepareStatement(RAISED)) {
                for (Topic topic : changes.topics) {
                    Row row = new Row(topic, stripe());
                    raise.setString(1, topic.column);
                    raise.setInt(2, row.stripe());
                    raise.executeUpdate();
                    // the row is locked by this transaction until it ends: what it reads is its own raise
                    read.setString(1, topic.column);
                    read.setInt(2, row.stripe());
                    try (ResultSet value = read.executeQuery()) {
                        if (value.next()) {
                            changes.raised.add(new Raised(row, value.getLong(1)));
                        }
                    }
                }
            }
        });
    }

    /** Committed: its raises are this instance's own. Rolled back: they never happened. */
    private void completed(boolean success, SharedSessionContractImplementor session) {
        Pending changes;
        synchronized (pending) {
            changes = pending.remove(session);
        }
        if (success && changes != null) {
            for (Raised raised : changes.raised) {
                own.computeIfAbsent(raised.row(), row -> new ConcurrentSkipListSet<>()).add(raised.value());
            }
        }
    }

    private static int stripe() {
        return ThreadLocalRandom.current().nextInt(STRIPES);
    }

    /**
     * Reads the counters and runs the listeners of each topic that another instance changed since the last poll.
     * Scheduled; a test may also call it to have every change committed so far taken into account now.
     */
    @Scheduled(fixedDelayString = "${hindsight.shared-changes.poll-interval:500ms}",
            initialDelayString = "${hindsight.shared-changes.poll-interval:500ms}")
    public synchronized void poll() {
        Map<Row, Long> rows;
        try {
            rows = rows();
            if (failing) {
                failing = false;
                log.info("Reading the change counters works again");
            }
        } catch (DataAccessException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot read the change counters; caches fall back to their time limits: {}", e.getMessage());
            }
            return;
        }
        Set<Topic> changed = EnumSet.noneOf(Topic.class);
        for (Map.Entry<Row, Long> entry : rows.entrySet()) {
            Row row = entry.getKey();
            long now = entry.getValue();
            Long before = seen.put(row, now);
            NavigableSet<Long> mine = own.getOrDefault(row, new ConcurrentSkipListSet<>());
            if (before == null || now < before || now - before > MAX_CHECKED_STEPS) {
                changed.add(row.topic());
            } else {
                for (long value = before + 1; value <= now; value++) {
                    if (!mine.contains(value)) {
                        changed.add(row.topic());
                        break;
                    }
                }
            }
            // a raise of ours that commits only now was counted as another's (its drop cost a recount)
            mine.headSet(now, true).clear();
        }
        for (Topic topic : changed) {
            for (Runnable drop : listeners.get(topic)) {
                drop.run();
            }
        }
    }

    private Map<Row, Long> rows() {
        Map<Row, Long> rows = new HashMap<>();
        jdbc.query(ROWS, result -> {
            Topic topic = Topic.of(result.getString(1));
            if (topic != null) {
                rows.put(new Row(topic, result.getInt(2)), result.getLong(3));
            }
        });
        return rows;
    }

    /** Polling the counters needs Spring's scheduling. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Polling {
    }
}
