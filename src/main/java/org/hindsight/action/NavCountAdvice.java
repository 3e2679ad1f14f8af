package org.hindsight.action;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.user.HindsightUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The count of the signed-in user's open items beside "My items" in the navigation bar. The model only holds a
 * lazy counter: the one count query (on the owner/status index) runs when a page's layout renders it, at most
 * once per request, and never for redirects, fragments or the API. It is one statement, sent as it is: through
 * the repository it took a transaction and a persistence context of its own, a sixth of the layout's work.
 */
@ControllerAdvice(annotations = Controller.class)
class NavCountAdvice {

    /** Items the user owns that are open or in progress (as My items lists them), on the owner/status index. */
    static final String COUNT = "select count(*) from action_item where owner_id = ? and status in ('"
            + ActionStatus.OPEN.name() + "', '" + ActionStatus.IN_PROGRESS.name() + "')";

    private final JdbcTemplate jdbc;

    NavCountAdvice(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts on first use, then remembers. */
    public static final class MyOpenActions {

        private final JdbcTemplate jdbc;
        private final long userId;
        private Long count;

        MyOpenActions(JdbcTemplate jdbc, long userId) {
            this.jdbc = jdbc;
            this.userId = userId;
        }

        public long count() {
            if (count == null) {
                Long counted = jdbc.queryForObject(COUNT, Long.class, userId);
                count = counted == null ? 0 : counted;
            }
            return count;
        }
    }

    /** Not on error pages: they must render even when the database cannot answer. */
    @ModelAttribute("myOpenActions")
    MyOpenActions myOpenActions(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return null;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof HindsightUser user) {
            return new MyOpenActions(jdbc, user.getId());
        }
        return null;
    }
}
