package org.hindsight.system;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UrlPathHelper;

/**
 * The static assets (stylesheets, scripts, images, the icon): public, the same for every viewer, served without the
 * session. One list for the security chain that serves them and for what skips them.
 */
public final class StaticAssets {

    /** As Spring Security's path patterns. */
    public static final String[] PATTERNS = {"/css/**", "/js/**", "/img/**", "/favicon.svg"};

    private static final List<String> FOLDERS = List.of("/css/", "/js/", "/img/");

    private StaticAssets() {
    }

    /** Whether the request is for a static asset (its path decoded, as the security chain matches it). */
    public static boolean isAsset(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return path.equals("/favicon.svg") || FOLDERS.stream().anyMatch(path::startsWith);
    }
}
