package org.hindsight.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.hindsight.timeline.TimelineDisplay.ShownRow;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.TimelineOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Timeline rows rendered to HTML once and kept: the incident page shows the same rows to every viewer between two
 * changes, and rendering them ({@code fragments/timeline :: row}) was most of the page's work.
 *
 * <p>A row is kept under everything its HTML is made of, so nothing is ever invalidated and nothing stale is ever
 * shown: the {@link ShownRow} as a whole (the event's id, version, text and rendered Markdown, author's name, kind,
 * key moments, deleted and before-start flags, what this viewer may do with it, and its times, day and classes
 * already worked out in the viewer's zone and clock), the incident's key and the locale. An edit, a rename, another
 * zone or another role makes another key; the old entry is simply no longer asked for and ages out.
 *
 * <p>The row carries no per-session value: its delete and restore buttons submit the page's one
 * {@code timeline-event-action} form (HTML's {@code form} and {@code formaction} attributes), which holds the CSRF
 * token.
 */
@Component
class RenderedRows {

    /** Characters kept (rendered HTML plus the texts in the keys): a few megabytes, thousands of rows. */
    static final long MAX_CHARS = 6_000_000;

    private record Key(ShownRow shown, String incidentKey, Locale locale, String contextPath) {
    }

    private final Cache<Key, String> html = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((Key key, String value) -> value.length() + length(key.shown().row().text())
                    + length(key.shown().row().textHtml()))
            .build();
    private final ITemplateEngine templates;
    private final ServletContext servletContext;
    private final TimelineDisplay display;
    /** Off with Thymeleaf's own template cache (while templates are being edited): an edited row shows at once. */
    private final boolean keep;

    RenderedRows(ITemplateEngine templates, ServletContext servletContext, TimelineDisplay display,
            @Value("${spring.thymeleaf.cache:true}") boolean keep) {
        this.templates = templates;
        this.servletContext = servletContext;
        this.display = display;
        this.keep = keep;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * A window of rows (oldest first, as read) as HTML in the viewer's order: what the incident page and "show
     * earlier" show.
     */
    String window(List<TimelineRow> oldestFirst, TimelineOrder order, String incidentKey) {
        List<TimelineRow> rows = oldestFirst;
        if (order == TimelineOrder.NEWEST_FIRST) {
            rows = new ArrayList<>(oldestFirst);
            Collections.reverse(rows);
        }
        return html(display.rows(rows), incidentKey);
    }

    /** The rows' HTML, in the order given, for the page being rendered for the current request. */
    String html(List<ShownRow> rows, String incidentKey) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = current.getRequest();
        Locale locale = LocaleContextHolder.getLocale();
        StringBuilder out = new StringBuilder(rows.size() * 1200);
        for (ShownRow row : rows) {
            Key key = new Key(row, incidentKey, locale, request.getContextPath());
            out.append(keep ? html.get(key, k -> render(k, request, current.getResponse()))
                    : render(key, request, current.getResponse()));
        }
        return out.toString();
    }

    /** Entries kept now (for tests and the README's memory figures). */
    long size() {
        html.cleanUp();
        return html.estimatedSize();
    }

    private String render(Key key, HttpServletRequest request, HttpServletResponse response) {
        WebContext context = new WebContext(
                JakartaServletWebApplication.buildApplication(servletContext).buildExchange(request, response),
                key.locale(), Map.of("shown", key.shown(), "incidentKey", key.incidentKey()));
        return templates.process("fragments/timeline", Set.of("row"), context);
    }
}
