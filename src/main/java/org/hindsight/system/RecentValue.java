package org.hindsight.system;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value read from the database that many pages show and that rarely changes (the service names, the active
 * usernames): read once and kept for {@code ttl}. Whoever changes what it is made of calls {@link #changed()},
 * which drops it at once and again after the commit (a page reading meanwhile could keep the old one). A change
 * made by another instance of the app shows here after at most {@code ttl}.
 */
public final class RecentValue<T> {

    private final LoadingCache<Boolean, T> cache;

    public RecentValue(Duration ttl, Supplier<T> reader) {
        this.cache = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(ttl).build(key -> reader.get());
    }

    public T get() {
        return cache.get(Boolean.TRUE);
    }

    public void changed() {
        cache.invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.invalidateAll();
                }
            });
        }
    }
}
