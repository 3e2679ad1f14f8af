package org.hindsight.system;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions in the database (Spring Session JDBC, configured by Spring Boot from {@code application.properties}), with
 * the same cookie in every deployment and two changes to how it stores them:
 *
 * <ul>
 *   <li>Two requests of one session at once (a page and its live updates) may both add the same attribute: it is
 *       written with an upsert, so the second does not fail on the primary key (Spring Session's own PostgreSQL
 *       variant, and the same with H2's {@code MERGE}).</li>
 *   <li>A request's last access is written back only when the stored one is at least a minute old (a tenth of the
 *       session's timeout if that is shorter), or when the session's id, user or timeout differs from the stored
 *       row's: Spring Session writes it on every request, a committed UPDATE per page view, and the requests of one
 *       session at once (a page, its live updates, a script signed in with the session) each waited for the other's
 *       row lock. The cost: a session left alone expires up to a minute early (after 12 hours by default).</li>
 *   <li>An attribute this version cannot read back (written by an older version whose classes changed, Spring
 *       Security's among them) counts as absent, with a warning: its user signs in again instead of getting an error
 *       on every page until the session expires.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfig {

    private static final Logger log = LoggerFactory.getLogger(SessionStoreConfig.class);

    static final String H2_UPSERT_ATTRIBUTE = """
            MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
            VALUES (?, ?, ?)
            """;

    /**
     * The values Spring Session binds to its update of a session, in its order (session id, last access, timeout in
     * seconds, expiry, user, primary id), as a table {@code v}; and when the stored row {@code s} is written from
     * them: its id, user or timeout differs, or its last access is a minute old (a tenth of the timeout if shorter).
     */
    private static final String VALUES = """
            (VALUES (CAST(? AS CHAR(36)), CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS BIGINT),
                     CAST(? AS VARCHAR), CAST(? AS CHAR(36))))
                AS v (session_id, last_access, max_inactive, expiry, principal, primary_id)""";

    private static final String WRITE_WHEN = """
            (s.SESSION_ID <> v.session_id
                 OR s.MAX_INACTIVE_INTERVAL <> v.max_inactive
                 OR s.PRINCIPAL_NAME IS DISTINCT FROM v.principal
                 OR v.last_access - s.LAST_ACCESS_TIME >= LEAST(60000, CAST(v.max_inactive AS BIGINT) * 100))""";

    /** Spring Session's update of a session, made conditional as above. PostgreSQL: an UPDATE joined to the values. */
    static final String POSTGRESQL_UPDATE_SESSION = """
            UPDATE %TABLE_NAME% AS s
            SET SESSION_ID = v.session_id, LAST_ACCESS_TIME = v.last_access, MAX_INACTIVE_INTERVAL = v.max_inactive,
                EXPIRY_TIME = v.expiry, PRINCIPAL_NAME = v.principal
            FROM %VALUES%
            WHERE s.PRIMARY_ID = v.primary_id
            AND %WRITE_WHEN%
            """.replace("%VALUES%", VALUES).replace("%WRITE_WHEN%", WRITE_WHEN);

    /** The same for H2, which has no UPDATE … FROM: a MERGE that updates only when the condition holds. */
    static final String H2_UPDATE_SESSION = """
            MERGE INTO %TABLE_NAME% AS s
            USING %VALUES%
            ON s.PRIMARY_ID = v.primary_id
            WHEN MATCHED AND %WRITE_WHEN%
            THEN UPDATE SET SESSION_ID = v.session_id, LAST_ACCESS_TIME = v.last_access,
                 MAX_INACTIVE_INTERVAL = v.max_inactive, EXPIRY_TIME = v.expiry, PRINCIPAL_NAME = v.principal
            """.replace("%VALUES%", VALUES).replace("%WRITE_WHEN%", WRITE_WHEN);

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionStore(DataSource dataSource,
            ApplicationContext context) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        ClassLoader classLoader = context.getClassLoader();
        return repository -> {
            switch (product) {
                case "PostgreSQL" -> {
                    new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
                    repository.setUpdateSessionQuery(POSTGRESQL_UPDATE_SESSION);
                }
                case "H2" -> {
                    repository.setCreateSessionAttributeQuery(H2_UPSERT_ATTRIBUTE);
                    repository.setUpdateSessionQuery(H2_UPDATE_SESSION);
                }
                default -> log.info("Session attributes are inserted without an upsert, and every request writes the"
                        + " session's last access back, on {}", product);
            }
            repository.setConversionService(conversions(classLoader));
        };
    }

    /**
     * The session cookie as {@code server.servlet.session.cookie.*} describes it, also where Spring Boot would take
     * the servlet context's cookie settings instead (the tests' mock servlet context): the same cookie everywhere.
     */
    @Bean
    DefaultCookieSerializerCustomizer sessionCookie(ServerProperties server) {
        Cookie cookie = server.getServlet().getSession().getCookie();
        return serializer -> {
            if (cookie.getName() != null) {
                serializer.setCookieName(cookie.getName());
            }
            if (cookie.getHttpOnly() != null) {
                serializer.setUseHttpOnlyCookie(cookie.getHttpOnly());
            }
            if (cookie.getSecure() != null) {
                serializer.setUseSecureCookie(cookie.getSecure());
            }
            if (cookie.getSameSite() != null) {
                serializer.setSameSite(cookie.getSameSite().attributeValue());
            }
        };
    }

    private static GenericConversionService conversions(ClassLoader classLoader) {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        DeserializingConverter deserializer = new DeserializingConverter(classLoader);
        conversions.addConverter(byte[].class, Object.class, (Converter<byte[], Object>) bytes -> {
            try {
                return deserializer.convert(bytes);
            } catch (RuntimeException e) {
                log.warn("A session attribute could not be read back and is ignored (written by another version?): {}",
                        e.getMessage());
                return null;
            }
        });
        return conversions;
    }
}
