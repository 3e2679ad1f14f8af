package org.hindsight.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security's own observations are off: with an observation registry present (Actuator's), it wraps each filter
 * of the chain, and the authentication and authorization managers, in an observation of its own, on every request.
 * Nothing here traces, and the wrapping cost 4 % of the application's CPU on the search page and 7 % on a timeline
 * post (JFR, large data set). The request metrics on {@code /actuator/prometheus} come from Spring MVC's observation
 * of each request, which stays.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
