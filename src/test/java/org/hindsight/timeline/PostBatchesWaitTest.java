package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * How {@link PostBatches} answers a post that cannot be written in time, whatever the database (the writer is given
 * here, so that its timing is exact): a post queued behind a writer for longer than the post wait, and a batch whose
 * transaction ran out of time, are both "busy" (503 with Retry-After on the API and the page), never a 500.
 */
class PostBatchesWaitTest {

    private static final Duration WAIT = Duration.ofMillis(300);

    /** Transactions that do nothing: what is tested is the queue, not the database. */
    private static final PlatformTransactionManager NO_DATABASE = new PlatformTransactionManager() {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
        }

        @Override
        public void rollback(TransactionStatus status) {
        }
    };

    private final PostBatches batches = new PostBatches(NO_DATABASE, WAIT);

    @Test
    void aPostQueuedBehindAWriterForLongerThanTheWaitIsBusyAndNotWritten() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<PostBatches.Pending> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        BiFunction<Long, List<PostBatches.Pending>, List<PostBatches.Outcome>> slowWriter = (incident, batch) -> {
            written.addAll(batch);
            writing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch.stream().map(post -> new PostBatches.Outcome(null, null)).toList();
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            PostBatches.Pending first = post();
            Future<?> firstDone = pool.submit(() -> batches.submit(7L, first, slowWriter));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            PostBatches.Pending queued = post();
            long start = System.nanoTime();
            assertThatThrownBy(() -> batches.submit(7L, queued, slowWriter))
                    .isInstanceOf(PessimisticLockingFailureException.class);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isGreaterThanOrEqualTo(WAIT).isLessThan(Duration.ofSeconds(5));

            release.countDown();
            firstDone.get(10, TimeUnit.SECONDS);
            assertThat(written).containsExactly(first);
            assertThat(batches.waiting(7L)).isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchWhoseTransactionRanOutOfTimeIsBusy() {
        assertThatThrownBy(() -> batches.submit(8L, post(), failing(
                new TransactionTimedOutException("Transaction timed out: deadline was " + Instant.now()))))
                .isInstanceOf(QueryTimeoutException.class);
        assertThatThrownBy(() -> batches.submit(8L, post(), failing(new JpaSystemException(
                new org.hibernate.TransactionException("Transaction timeout expired")))))
                .isInstanceOf(QueryTimeoutException.class);
        // any other failure stays what it is
        IllegalStateException other = new IllegalStateException("a bug");
        assertThatThrownBy(() -> batches.submit(8L, post(), failing(other))).isSameAs(other);
    }

    private static BiFunction<Long, List<PostBatches.Pending>, List<PostBatches.Outcome>> failing(RuntimeException e) {
        return (incident, batch) -> {
            throw e;
        };
    }

    private static PostBatches.Pending post() {
        return new PostBatches.Pending(null, new TimelineService.NewEvent("a line", null, EventKind.NOTE,
                java.util.Set.of(), false), Instant.now());
    }
}
