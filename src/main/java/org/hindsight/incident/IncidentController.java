package org.hindsight.incident;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The incident list. The incident record itself arrives with its own issue; until then the list is empty. */
@Controller
class IncidentController {

    @GetMapping("/incidents")
    String list() {
        return "incident/list";
    }
}
