package org.hindsight.notification;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs an action once the current transaction commits (at once outside one), once per transaction and marker. */
final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * Runs {@code action} after the commit; a second call with the same {@code marker} in the same transaction adds
     * nothing (one nudge per transaction, however many rows it recorded). A rollback runs nothing.
     */
    static void once(Object marker, Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(marker)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(marker, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(marker);
            }
        });
    }
}
