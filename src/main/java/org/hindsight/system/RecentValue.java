package org.hindsight.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.hindsight.system.SharedChanges.Topic;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value read from the database that many pages show and that rarely changes (the service names, the active
 * usernames): read once and kept for {@code ttl}. Whoever changes what it is made of calls {@link #changed()},
 * which drops it at once and again after the commit (a page reading meanwhile could keep the old one), and tells the
 * other instances of the app ({@link SharedChanges}, topic {@link Topic#CHOICES}), which drop theirs within about a
 * second of the commit. Only a change made directly in the database waits for {@code ttl}.
 *
 * <p>The value is kept with the generation of changes it was read under, taken before reading: a value whose
 * reading began before a change was announced is never used after the announcement.
 */
public final class RecentValue<T> {

    private record Read<T>(long generation, T value) {
    }

    private final AtomicLong generation = new AtomicLong();
    private final LoadingCache<Boolean, Read<T>> cache;
    private final SharedChanges shared;

    public RecentValue(Duration ttl, Supplier<T> reader, SharedChanges shared) {
        this.cache = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(ttl)
                .build(key -> {
                    long before = generation.get();
                    return new Read<>(before, reader.get());
                });
        this.shared = shared;
        shared.onChange(Topic.CHOICES, this::dropped);
    }

    public T get() {
        Read<T> read = cache.get(Boolean.TRUE);
        if (read.generation() != generation.get()) {
            // read before a change was announced: read again (once; what that gives began after the announcement)
            cache.asMap().remove(Boolean.TRUE, read);
            read = cache.get(Boolean.TRUE);
        }
        return read.value();
    }

    /** What the value is made of changed in the current transaction (or just now, outside one). */
    public void changed() {
        dropped();
        shared.changed(Topic.CHOICES);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    dropped();
                }
            });
        }
    }

    private void dropped() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }
}
