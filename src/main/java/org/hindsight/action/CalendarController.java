package org.hindsight.action;

import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.ProfileSection;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The calendar feed ({@code /actions/calendar/<secret>.ics}, no sign-in: the secret is the credential) and, on
 * the profile page, making a new feed URL or revoking it.
 */
@Controller
class CalendarController implements ProfileSection {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);

    private final CalendarFeed feed;

    CalendarController(CalendarFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/actions/calendar/{token}.ics")
    ResponseEntity<String> calendar(@PathVariable String token) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        // unknown and revoked secrets look alike: a bare 404
        return feed.feed(token, base)
                .map(ics -> ResponseEntity.ok().contentType(TEXT_CALENDAR)
                        .cacheControl(CacheControl.noCache().cachePrivate()).body(ics))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/profile/calendar")
    String regenerate(@CurrentUser HindsightUser me, RedirectAttributes redirect) {
        String token = feed.regenerate(me.getId());
        redirect.addFlashAttribute("newCalendarUrl", ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/actions/calendar/{token}.ics").buildAndExpand(token).toUriString());
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("calendar.created"));
        return "redirect:/profile#calendar";
    }

    @PostMapping("/profile/calendar/revoke")
    String revoke(@CurrentUser HindsightUser me, RedirectAttributes redirect) {
        feed.revoke(me.getId());
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("calendar.revoked"));
        return "redirect:/profile#calendar";
    }

    @Override
    public void populate(Model model, HindsightUser me) {
        model.addAttribute("calendarSince", feed.createdAt(me.getId()).orElse(null));
    }
}
