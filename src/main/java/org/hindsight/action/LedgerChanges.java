package org.hindsight.action;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hindsight.incident.Incident;
import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.hindsight.user.User;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A generation number of what the ledger's summary and chart are computed from, raised on every change of it in
 * this process: an action item inserted, updated or deleted, and any change of an incident (its severity and
 * services decide which items a severity or service filter counts) or of a user (the owners' names). Hibernate
 * tells of every such row it writes, whichever service wrote it: bulk changes and imports change items one entity at
 * a time. Nothing in the application changes action items with bulk JPQL or SQL, which would bypass this; if that
 * is ever added (or deleting an incident, whose items the database then deletes by {@code ON DELETE CASCADE}), it
 * must call {@link #changed()} itself. The one bulk update of incidents that matters to a cache of this topic, the
 * review's postmortem state ({@code IncidentService.recordPostmortemState}), raises the shared topic itself: the
 * kept pages of the ledger and of the incident list show the state; the summary and chart do not.
 *
 * <p>The number is raised when Hibernate writes the row and again when the transaction has ended: a view that read
 * the number in between, before the commit, may have counted the old rows, and the second raise makes what it
 * cached stale. The same change is announced to every instance of the application through {@link SharedChanges}
 * (topic {@link Topic#LEDGER}, raised with the commit): each raises its own number when it sees the announcement,
 * within about a second of the commit.
 */
@Component
class LedgerChanges implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

    private static final Set<Class<?>> SOURCES = Set.of(ActionItem.class, Incident.class, User.class);

    private final AtomicLong generation = new AtomicLong();
    private final EntityManagerFactory entityManagerFactory;
    private final SharedChanges shared;

    LedgerChanges(EntityManagerFactory entityManagerFactory, SharedChanges shared) {
        this.entityManagerFactory = entityManagerFactory;
        this.shared = shared;
    }

    @PostConstruct
    void listen() {
        shared.onChange(Topic.LEDGER, generation::incrementAndGet);
        EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                .getServiceRegistry().requireService(EventListenerRegistry.class);
        registry.appendListeners(EventType.POST_INSERT, this);
        registry.appendListeners(EventType.POST_UPDATE, this);
        registry.appendListeners(EventType.POST_DELETE, this);
    }

    long generation() {
        return generation.get();
    }

    /**
     * Something the numbers depend on changed, other than through an entity Hibernate writes: raises the generation
     * now and once more after the transaction, and tells the other instances with the commit.
     */
    void changed() {
        changedHere();
        shared.changed(Topic.LEDGER);
    }

    private void changedHere() {
        generation.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive() && TransactionSynchronizationManager
                .getSynchronizations().stream().noneMatch(s -> s instanceof AfterTransaction a && a.of(this))) {
            TransactionSynchronizationManager.registerSynchronization(new AfterTransaction());
        }
    }

    /** Raises the generation when the transaction has ended, committed or not (a rollback only costs a recount). */
    private final class AfterTransaction implements TransactionSynchronization {

        boolean of(LedgerChanges changes) {
            return changes == LedgerChanges.this;
        }

        @Override
        public void afterCompletion(int status) {
            generation.incrementAndGet();
        }
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        changed(event.getPersister(), event.getSession());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        changed(event.getPersister(), event.getSession());
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        changed(event.getPersister(), event.getSession());
    }

    private void changed(EntityPersister persister, SharedSessionContractImplementor session) {
        if (SOURCES.contains(persister.getMappedClass())) {
            changedHere();
            shared.changedIn(session, Topic.LEDGER);
        }
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }
}
