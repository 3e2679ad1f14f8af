package org.hindsight.system;

import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * through any of them: the {@code change_counter} table ({@code migrations/V9__change_counter.sql}) holds a counter
 * per {@link Topic}, spread over {@link #STRIPES} rows.
 *
 * <ul>
 *   <li>A transaction that changes a topic raises one of its rows (chosen at random, so that concurrent writers
 *       rarely wait for each other) as its very last statement, after Hibernate's final flush and just before the
 *       commit: the change and the raise commit together or not at all, and the row lock is held only for the commit
 *       (taken last, it cannot close a cycle of waiting transactions).</li>
 *   <li>Every instance sums each topic's rows every {@code hindsight.shared-changes.poll-interval} (500 ms, one
 *       indexed read of 32 rows) and, when a sum moved, runs what its caches registered with
 *       {@link #onChange(Topic, Runnable)}: they drop what they keep. Its own changes come back this way too, which
 *       only costs a recount (caches drop their own changes at once anyway).</li>
 * </ul>
 *
 * A poll sees a raise only once it is committed, so a cache never drops before the change is visible; a cache that
 * read the old data before the poll must keep with its value the generation it read before (as {@link RecentValue}
 * and the ledger's numbers do), so that the drop also reaches a value still being computed. A change made directly
 * in the database raises nothing: the caches' time limits still apply to it.
 */
@Component
public class SharedChanges {

    /** What a cache is made of. Each is a set of rows in {@code change_counter}. */
    public enum Topic {
        /** Action items, incidents and users: the ledger's summary and chart. */
        LEDGER("ledger"),
        /** The choices forms offer: service names, active usernames. */
        CHOICES("choices");

        private final String column;

        Topic(String column) {
            this.column = column;
        }

        String column() {
            return column;
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

    private static final Logger log = LoggerFactory.getLogger(SharedChanges.class);
    private static final String RAISE = "update change_counter set changes = changes + 1 where topic = ? and stripe = ?";
    private static final String SUMS = "select topic, sum(changes) from change_counter group by topic";

    private final JdbcTemplate jdbc;
    private final EntityManagerFactory entityManagerFactory;
    private final Map<Topic, List<Runnable>> listeners = new EnumMap<>(Topic.class);
    /** The topics each open transaction (by its Hibernate session) changed so far and raises before its commit. */
    private final Map<SharedSessionContractImplementor, Set<Topic>> pending =
            Collections.synchronizedMap(new IdentityHashMap<>());
    /** The sums seen by the last poll (guarded by this). */
    private final Map<Topic, Long> seen = new EnumMap<>(Topic.class);
    private volatile boolean failing;

    SharedChanges(JdbcTemplate jdbc, EntityManagerFactory entityManagerFactory) {
        this.jdbc = jdbc;
        this.entityManagerFactory = entityManagerFactory;
        for (Topic topic : Topic.values()) {
            listeners.put(topic, new CopyOnWriteArrayList<>());
        }
    }

    /** The sums as the application starts, before any cache is filled: the first poll then drops only for a change. */
    @PostConstruct
    synchronized void baseline() {
        try {
            seen.putAll(sums());
        } catch (DataAccessException e) {
            log.warn("Cannot read the change counters yet: {}", e.getMessage());
        }
    }

    /** {@code drop} runs (on the polling thread) whenever a change of {@code topic} committed through any instance. */
    public void onChange(Topic topic, Runnable drop) {
        listeners.get(topic).add(drop);
    }

    /**
     * The transaction of this Hibernate session changed {@code topic} (called from Hibernate's event listeners): the
     * topic's counter is raised once, just before that transaction commits.
     */
    public void changedIn(SharedSessionContractImplementor session, Topic topic) {
        Set<Topic> topics;
        boolean first;
        synchronized (pending) {
            topics = pending.get(session);
            first = topics == null;
            if (first) {
                topics = EnumSet.noneOf(Topic.class);
                pending.put(session, topics);
            }
            topics.add(topic);
        }
        if (first) {
            TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
            callbacks.registerCallback((BeforeCompletionCallback) this::raiseBeforeCommit);
            // a rollback (or a failed raise) forgets the transaction's topics too
            callbacks.registerCallback((AfterCompletionCallback) (success, s) -> pending.remove(s));
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
            jdbc.update(RAISE, topic.column(), stripe());
        }
    }

    private void raiseBeforeCommit(SharedSessionContractImplementor session) {
        Set<Topic> topics;
        synchronized (pending) {
            topics = pending.remove(session);
        }
        if (topics == null || topics.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement raise = connection.prepareStatement(RAISE)) {
                for (Topic topic : topics) {
                    raise.setString(1, topic.column());
                    raise.setInt(2, stripe());
                    raise.executeUpdate();
                }
            }
        });
    }

    private static int stripe() {
        return ThreadLocalRandom.current().nextInt(STRIPES);
    }

    /**
     * Reads the counters and runs the listeners of each topic whose sum moved since the last poll. Scheduled; a test
     * may also call it to have every change committed so far taken into account now.
     */
    @Scheduled(fixedDelayString = "${hindsight.shared-changes.poll-interval:500ms}",
            initialDelayString = "${hindsight.shared-changes.poll-interval:500ms}")
    public synchronized void poll() {
        Map<Topic, Long> sums;
        try {
            sums = sums();
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
        for (Map.Entry<Topic, Long> sum : sums.entrySet()) {
            Long before = seen.put(sum.getKey(), sum.getValue());
            if (!sum.getValue().equals(before)) {
                for (Runnable drop : listeners.get(sum.getKey())) {
                    drop.run();
                }
            }
        }
    }

    private Map<Topic, Long> sums() {
        Map<Topic, Long> sums = new EnumMap<>(Topic.class);
        jdbc.query(SUMS, row -> {
            Topic topic = Topic.of(row.getString(1));
            if (topic != null) {
                sums.put(topic, row.getLong(2));
            }
        });
        return sums;
    }

    /** Polling the counters needs Spring's scheduling. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Polling {
    }
}
