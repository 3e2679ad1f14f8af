package org.hindsight.timeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.hibernate.TransactionException;
import org.hindsight.timeline.TimelineViews.Posted;
import org.hindsight.user.HindsightUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Posts to one incident that arrive while another is being written are written together, in one transaction:
 * one raise of the incident's revision, one row lock, one commit for all of them. Each post is still answered only
 * after that commit (an acknowledged event is on disk), and the live feed's rule is unchanged (every event of a
 * revision is visible once the revision is).
 *
 * <p>Why: every post holds its incident's row lock from raising the revision until its commit, so posts to one
 * incident (an outage: every responder and every script writing into the same timeline) went one at a time, and their
 * rate was one over the time the lock was held. Now the rate grows with the number of posts waiting. A batch's events
 * and their audit entries are inserted together, as multi-row INSERTs (ids from sequences, migration V28): the one
 * writer thread makes a few round trips per batch, not two per post.
 *
 * <p>How: the first post of an idle incident writes; posts that arrive meanwhile queue. When the writer is done it
 * lets go, and one of the waiting posts writes everything queued by then (up to {@link #MAX_BATCH}), its own
 * included. A post is written with its own author's security context and request (the audit trail reads who and
 * through which channel), whichever thread writes it. A post refused inside the transaction (key moments from one
 * who may not set them) is answered with its own refusal and does not affect the others; a failure of the
 * transaction itself (the database) fails every post of the batch, none of which was then acknowledged.
 */
@Component
class PostBatches {

    static final int MAX_BATCH = 64;
    /**
     * How long a post waits in the queue, and how long a batch's transaction may take (its statements time out after
     * it; {@code hindsight.timeline.post-wait}). A lock held elsewhere is given up on sooner, after
     * {@code hindsight.database.lock-timeout} ({@code system.LockWaitLimit}).
     */
    private final Duration wait;

    /** A post on its way: what was asked, by whom, and (once written) its outcome. */
    static final class Pending {
        final HindsightUser author;
        final TimelineService.NewEvent event;
        final java.time.Instant receivedAt;
        final SecurityContext security = SecurityContextHolder.getContext();
        final RequestAttributes request = RequestContextHolder.getRequestAttributes();
        private boolean done;
        private Posted posted;
        private RuntimeException failure;

        Pending(HindsightUser author, TimelineService.NewEvent event, java.time.Instant receivedAt) {
            this.author = author;
            this.event = event;
            this.receivedAt = receivedAt;
        }

        /** Runs {@code work} as this post's author and request would (the audit trail reads both). */
        <T> T asSubmitted(java.util.function.Supplier<T> work) {
            SecurityContext ownSecurity = SecurityContextHolder.getContext();
            RequestAttributes ownRequest = RequestContextHolder.getRequestAttributes();
            SecurityContextHolder.setContext(security);
            RequestContextHolder.setRequestAttributes(request);
            try {
                return work.get();
            } finally {
                SecurityContextHolder.setContext(ownSecurity);
                RequestContextHolder.setRequestAttributes(ownRequest);
            }
        }
    }

    /** The result of writing one post of a batch: the posted event, or why it was refused. */
    record Outcome(Posted posted, RuntimeException refused) {
    }

    private static final class Lane {
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        boolean writing;
    }

    private final ConcurrentHashMap<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final TransactionTemplate transactions;

    PostBatches(PlatformTransactionManager transactionManager,
            @Value("${hindsight.timeline.post-wait:60s}") Duration wait) {
        this.wait = wait;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setTimeout((int) Math.max(1, wait.toSeconds()));
    }

    /**
     * Writes {@code post} to the incident, together with whatever else is waiting for it, and returns once it is
     * committed. {@code writer} writes a batch in the current transaction, one outcome per post, in order.
     */
    Posted submit(long incidentId, Pending post, BiFunction<Long, List<Pending>, List<Outcome>> writer) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean lead;
        boolean interrupted = false;
        Lane lane;
        while (true) {
            lane = lanes.computeIfAbsent(incidentId, id -> new Lane());
            synchronized (lane) {
                if (lanes.get(incidentId) == lane) { // not one just let go of: join the lane everyone else joins
                    break;
                }
            }
        }
        synchronized (lane) {
            lane.queue.add(post);
            while (!post.done && lane.writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && lane.queue.remove(post)) {
                    // the incident is busy, as with a lock held too long: 503 "Busy" with Retry-After, the entry kept
                    throw new CannotAcquireLockException(
                            "A timeline post waited " + wait + " for the incident to be written");
                }
                if (left <= 0) {
                    // already taken into a batch being written: its outcome comes with that transaction's end
                    deadline = System.nanoTime() + wait.toNanos();
                    left = wait.toNanos();
                }
                try {
                    lane.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    if (lane.queue.remove(post)) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting to post", e);
                    }
                    interrupted = true; // being written: wait for its outcome all the same
                }
            }
            lead = !post.done;
            if (lead) {
                lane.writing = true;
            }
        }
        if (lead) {
            writeUntilDone(incidentId, lane, post, writer);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (post.failure != null) {
            throw post.failure;
        }
        return post.posted;
    }

    /**
     * The batch's transaction ran past its timeout: Spring says so before a statement, Hibernate at the flush (as a
     * {@link JpaSystemException} around its own exception). Either is the incident being busy for longer than a
     * post waits, answered as busy (503 with Retry-After) like a lock wait that timed out, never as a 500.
     */
    static boolean ranOutOfTime(RuntimeException failure) {
        return failure instanceof TransactionTimedOutException
                || failure instanceof JpaSystemException jpa && jpa.getCause() instanceof TransactionException hibernate
                        && hibernate.getMessage() != null && hibernate.getMessage().contains("timeout");
    }

    /** Posts queued for the incident behind the one being written (for tests). */
    int waiting(long incidentId) {
        Lane lane = lanes.get(incidentId);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.queue.size();
        }
    }

    /** This thread writes batches (FIFO) until its own post is among the written, then lets the next one write. */
    private void writeUntilDone(long incidentId, Lane lane, Pending own,
            BiFunction<Long, List<Pending>, List<Outcome>> writer) {
        try {
            while (!own.done) {
                List<Pending> batch = new ArrayList<>();
                synchronized (lane) {
                    while (batch.size() < MAX_BATCH && !lane.queue.isEmpty()) {
                        batch.add(lane.queue.poll());
                    }
                }
                if (batch.isEmpty()) { // cannot happen (its own post is queued until written); never loop on nothing
                    own.failure = new IllegalStateException("A timeline post was lost from its queue");
                    own.done = true;
                    break;
                }
                write(incidentId, lane, batch, writer);
            }
        } finally {
            synchronized (lane) {
                lane.writing = false;
                if (lane.queue.isEmpty()) {
                    lanes.remove(incidentId, lane); // a post that still holds it writes on its own: still correct
                }
                lane.notifyAll();
            }
        }
    }

    private void write(long incidentId, Lane lane, List<Pending> batch,
            BiFunction<Long, List<Pending>, List<Outcome>> writer) {
        List<Outcome> outcomes = null;
        RuntimeException failed = null;
        try {
            outcomes = transactions.execute(status -> {
                List<Outcome> written = writer.apply(incidentId, batch);
                if (written.stream().noneMatch(outcome -> outcome.posted() != null)) {
                    status.setRollbackOnly(); // all refused: no revision raised for nothing
                }
                return written;
            });
        } catch (RuntimeException e) {
            failed = ranOutOfTime(e) ? new QueryTimeoutException("Writing timeline posts took longer than the post wait ("
                    + wait + ")", e) : e;
        } catch (Error e) {
            failed = new IllegalStateException("Writing timeline posts failed", e);
            throw e;
        } finally {
            // under the lane's monitor: the waiting posts read their outcome under it, and are woken to return at
            // once; every post of the batch is answered, whatever happened
            synchronized (lane) {
                for (int i = 0; i < batch.size(); i++) {
                    Pending pending = batch.get(i);
                    if (outcomes == null || i >= outcomes.size()) {
                        pending.failure = failed != null ? failed
                                : new IllegalStateException("A timeline post got no outcome");
                    } else {
                        pending.posted = outcomes.get(i).posted();
                        pending.failure = outcomes.get(i).refused();
                    }
                    pending.done = true;
                }
                lane.notifyAll();
            }
        }
    }
}
