package org.hindsight.audit;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Through which channel the current change came, read from the request that made it: an alert integration's hook,
 * an import (page or API), a bulk change of the ledger, an admin page, the API, or a page; SYSTEM outside a request.
 */
final class AuditChannel {

    static final String ALERT = "ALERT";
    static final String IMPORT = "IMPORT";
    static final String BULK = "BULK";
    static final String ADMIN = "ADMIN";
    static final String API = "API";
    static final String PAGE = "PAGE";
    static final String SIGN_IN = "SIGN_IN";
    static final String SYSTEM = "SYSTEM";

    private AuditChannel() {
    }

    /** The current request, or null outside one. */
    static HttpServletRequest request() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }

    static String of(HttpServletRequest request) {
        if (request == null) {
            return SYSTEM;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if (path.startsWith("/hooks/alerts/")) {
            return ALERT;
        }
        if (path.startsWith("/incidents/import") || path.startsWith("/api/imports")) {
            return IMPORT;
        }
        if ((path.equals("/actions") || path.equals("/api/actions")) && !"GET".equals(method)) {
            return BULK;
        }
        if (path.startsWith("/admin/") || path.startsWith("/api/admin/")) {
            return ADMIN;
        }
        if (path.startsWith("/api/")) {
            return API;
        }
        // the sign-in page, and the OpenID provider's answer (single sign-on)
        if (path.equals("/login") || path.startsWith("/login/oauth2/")) {
            return SIGN_IN;
        }
        return PAGE;
    }

    /** An alert integration's id from its hook's path, for the actor ("integration 3"), else null. */
    static String integration(HttpServletRequest request) {
        if (request == null) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/hooks/alerts/") ? "integration " + path.substring("/hooks/alerts/".length()) : null;
    }
}
