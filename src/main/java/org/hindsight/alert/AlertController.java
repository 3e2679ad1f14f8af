package org.hindsight.alert;

import org.hindsight.system.BadParameterException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /alerts}: every alert received, the most recently heard of first, and each one's raw notification. */
@Controller
class AlertController {

    private static final int PAGE_SIZE = 50;

    private final AlertQueries queries;

    AlertController(AlertQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/alerts")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        if (page < 0 || page > 100_000) {
            throw new BadParameterException("page");
        }
        model.addAttribute("alerts", queries.newestFirst(page, PAGE_SIZE));
        return "alert/list";
    }

    @GetMapping("/alerts/{id}/payload")
    String payload(@PathVariable long id, Model model) {
        model.addAttribute("payload", queries.payload(id));
        return "alert/payload";
    }
}
