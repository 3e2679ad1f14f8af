package org.hindsight.action;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The action-item ledger across incidents. It fills in with the incident record and the ledger issues. */
@Controller
class ActionItemController {

    @GetMapping("/actions")
    String list() {
        return "action/list";
    }
}
