package org.hindsight.postmortem.imports;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An import form larger than the upload limit is answered before anything reads it (not even the security
 * filters, whose CSRF check would otherwise find no token in an unparsed body and answer 403): back to the
 * import page, which says what the limit is.
 */
@Configuration(proxyBeanMethods = false)
class ImportUploadLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> importUploadLimitFilter(MultipartProperties multipart) {
        long limit = multipart.getMaxRequestSize().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if ("POST".equals(request.getMethod()) && path.startsWith("/incidents/import")
                        && request.getContentLengthLong() > limit) {
                    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    response.setHeader("Location", request.getContextPath() + "/incidents/import?tooLarge=1");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/incidents/import", "/incidents/import/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
