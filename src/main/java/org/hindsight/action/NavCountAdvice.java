package org.hindsight.action;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.user.HindsightUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The count of the signed-in user's open items beside "My items" in the navigation bar. The model only holds a
 * lazy counter: the one count query (on the owner/status index) runs when a page's layout renders it, at most
 * once per request, and never for redirects, fragments or the API.
 */
@ControllerAdvice(annotations = Controller.class)
class NavCountAdvice {

    private final ActionItemService actions;

    NavCountAdvice(ActionItemService actions) {
        this.actions = actions;
    }

    /** Counts on first use, then remembers. */
    public static final class MyOpenActions {

        private final ActionItemService actions;
        private final long userId;
        private Long count;

        MyOpenActions(ActionItemService actions, long userId) {
            this.actions = actions;
            this.userId = userId;
        }

        public long count() {
            if (count == null) {
                count = actions.countOpenOwnedBy(userId);
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
            return new MyOpenActions(actions, user.getId());
        }
        return null;
    }
}
