package org.hindsight.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values read from the database and kept for the next reads of the same key, exact across instances: each is kept
 * under the mark of a {@link SharedChanges} topic that every change it is made of raises in its own commit, and
 * used only while a fresh read of the mark (in the reader's own transaction) gives the same.
 *
 * <ul>
 *   <li>The mark is read before the value: a change committed before that read shows on that very view, on every
 *       instance, without waiting for a poll. A value read after a later change is kept under the older mark, which
 *       the next view no longer reads, and read again.</li>
 *   <li>A value is used for at most {@link #FRESH_FOR} by the injected clock: a change made directly in the database
 *       raises no mark.</li>
 *   <li>Only in a read-only transaction: one that has written may read its own uncommitted changes, which its mark
 *       does not stand for. It reads, and keeps nothing.</li>
 * </ul>
 *
 * @param <K> what a value is for: everything it is read from besides the database (a filter, a page, a zone)
 * @param <V> the value: immutable, shared by every viewer of the key
 */
public final class KeptUnderMark<K, V> {

    /** How long a kept value is used at most, changes or not. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private record Entry<V>(long mark, Instant readAt, V value) {

        boolean usableAt(long currentMark, Instant now) {
            Duration age = Duration.between(readAt, now);
            return mark == currentMark && !age.isNegative() && age.compareTo(FRESH_FOR) < 0;
        }
    }

    private final Cache<K, Entry<V>> values;
    private final LongSupplier mark;
    private final Clock clock;

    /** {@code mark}: the topic's mark, read now in the caller's transaction ({@link SharedChanges#mark}). */
    public KeptUnderMark(LongSupplier mark, Clock clock, int maxEntries) {
        this.mark = mark;
        this.clock = clock;
        // an entry older than FRESH_FOR is never used again: not kept until the size limit pushes it out
        this.values = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(FRESH_FOR).build();
    }

    /** Values kept under {@code topic}'s mark in the database ({@link SharedChanges#mark}). */
    public static <K, V> KeptUnderMark<K, V> under(SharedChanges shared, SharedChanges.Topic topic, Clock clock,
            int maxEntries) {
        return new KeptUnderMark<>(() -> shared.mark(topic), clock, maxEntries);
    }

    /** The value kept for {@code key} under the mark read now, if recent; else {@code read}'s, kept under it. */
    public V get(K key, Supplier<V> read) {
        if (!TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return read.get();
        }
        long current = mark.getAsLong(); // before the read: a change committed after it makes the entry stale
        Instant now = clock.instant();
        Entry<V> kept = values.getIfPresent(key);
        if (kept != null && kept.usableAt(current, now)) {
            return kept.value();
        }
        V value = read.get();
        values.put(key, new Entry<>(current, now, value));
        return value;
    }
}
