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

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionStore(DataSource dataSource,
            ApplicationContext context) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        ClassLoader classLoader = context.getClassLoader();
        return repository -> {
            switch (product) {
                case "PostgreSQL" -> new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
                case "H2" -> repository.setCreateSessionAttributeQuery(H2_UPSERT_ATTRIBUTE);
                default -> log.info("Session attributes are inserted without an upsert on {}", product);
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
