package org.hindsight.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Within one request, the database is waited for once: a request that already could not get a connection (Hikari
 * waited its {@code connection-timeout}) gets every further one refused at once, so that its session store, its
 * signed-in user and its controller do not wait in turn and the 503 still comes within a few seconds. Outside a
 * request (scheduled work) and in every other request nothing changes. {@link DatabaseOutageFilter} marks where a
 * request begins and ends.
 */
final class OutageAwareDataSource extends DelegatingDataSource {

    /** Per request thread: {@code null} outside a request, else whether a connection was already refused. */
    private static final ThreadLocal<boolean[]> REQUEST = new ThreadLocal<>();

    OutageAwareDataSource(DataSource pool) {
        super(pool);
    }

    static void requestStarts() {
        REQUEST.set(new boolean[1]);
    }

    static void requestEnds() {
        REQUEST.remove();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return refuseOrGet(() -> super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return refuseOrGet(() -> super.getConnection(username, password));
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static Connection refuseOrGet(ConnectionSource source) throws SQLException {
        boolean[] refused = REQUEST.get();
        if (refused != null && refused[0]) {
            throw new SQLTransientConnectionException(
                    "The database could not be reached earlier in this request; not waiting for it again");
        }
        try {
            return source.get();
        } catch (SQLException e) {
            if (refused != null && DatabaseOutage.isCause(e)) {
                refused[0] = true;
            }
            throw e;
        }
    }

    /** Wraps the application's DataSource (Spring Boot's Hikari pool). */
    @Configuration(proxyBeanMethods = false)
    static class Wrapping {

        @Bean
        static BeanPostProcessor outageAwareDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource pool && !(bean instanceof OutageAwareDataSource)
                            ? new OutageAwareDataSource(pool) : bean;
                }
            };
        }
    }
}
