package org.hindsight.system;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler look-up, with each mapping's path tried before its other conditions.
 *
 * <p>A request whose path has a variable in it ({@code /incidents/INC-7}, {@code /api/incidents/INC-7/timeline}) is
 * not found among the mappings by their literal paths, so Spring MVC tries every mapping of the application in
 * turn, about 150. Each try checks the request method first, then parameters, headers, content types and the
 * path last; the method and the CORS checks read the request through every wrapper the filters put around it.
 * Under timeline posts that look-up took 8.8 % of the request threads' samples (bench/README.md, ninth round).
 * The path rules out nearly all of them at its first segment: tried first, it gives the same answer with one pattern
 * match per mapping (5.7 %, of which 2.8 % those matches).
 *
 * <p>The same mapping is chosen as before: a mapping matches only when every one of its conditions does, the path's
 * included, and the path is read as Spring MVC reads it ({@code PathPatternsRequestCondition}). A request that no
 * mapping matches is answered as before (404, 405, 415, 406): Spring MVC works that answer out from all the
 * mappings, not through this method. {@code HandlerLookupTest} compares the two for every mapping.
 */
class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        PathPatternsRequestCondition paths = info.getPathPatternsCondition();
        // the path Spring MVC parsed for this look-up: one read per mapping (hasParsedRequestPath and
        // getParsedRequestPath would read it twice, each through every request wrapper)
        if (paths != null && request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE) instanceof RequestPath parsed
                && !anyMatches(paths, parsed.pathWithinApplication())) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean anyMatches(PathPatternsRequestCondition paths, PathContainer path) {
        for (PathPattern pattern : paths.getPatterns()) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** Spring Boot's way to put this mapping in the place of its own (its settings are applied to it as usual). */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebMvcRegistrations pathFirstHandlerMapping() {
            return new WebMvcRegistrations() {
                @Override
                public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                    return new PathFirstHandlerMapping();
                }
            };
        }
    }
}
