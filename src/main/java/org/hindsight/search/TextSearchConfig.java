package org.hindsight.search;

import java.sql.DatabaseMetaData;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** The search that fits the database in use: PostgreSQL's full-text index, or the matcher for H2. */
@Configuration(proxyBeanMethods = false)
class TextSearchConfig {

    @Bean
    TextSearch textSearch(DataSource dataSource, EntityManager entityManager,
            @Value("${hindsight.search.timeout:10s}") Duration timeout) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        return "PostgreSQL".equals(product) ? new PostgresTextSearch(entityManager, timeout) : new H2TextSearch(entityManager);
    }
}
