package org.hindsight.system;

import java.sql.Connection;

import org.hibernate.Session;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring Boot's JPA transaction manager, with one difference: when a statement failed because the database
 * connection broke (the database went away mid-request), the rollback that follows fails too, on the connection
 * the pool has already closed; Spring would then throw that rollback failure ("Unable to rollback against JDBC
 * Connection") instead of the statement's, hiding the outage behind a 500. Here a rollback on a connection that is
 * already closed is skipped (the database rolls back a transaction whose connection is gone by itself), so the
 * original failure reaches {@link DatabaseOutage} and is answered 503. Any other rollback failure is thrown as before.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfig {

    @Bean
    JpaTransactionManager transactionManager(ObjectProvider<TransactionManagerCustomizers> customizers) {
        JpaTransactionManager manager = new OutageAwareTransactionManager();
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    static final class OutageAwareTransactionManager extends JpaTransactionManager {

        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(
                OutageAwareTransactionManager.class);

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            try {
                super.doRollback(status);
            } catch (RuntimeException e) {
                if (!connectionClosed()) {
                    throw e;
                }
                log.warn("Rollback skipped: the database connection had already broken ({})", e.getMessage());
            }
        }

        /** The transaction's JDBC connection says it is closed (the pool closes a broken one at once). */
        private boolean connectionClosed() {
            try {
                Object holder = TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
                return holder instanceof EntityManagerHolder entityManager && entityManager.getEntityManager()
                        .unwrap(Session.class).doReturningWork(Connection::isClosed);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
