package org.hindsight.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started Hindsight where to open it. */
@Component
class ReadyMessage {

    private static final Logger log = LoggerFactory.getLogger(ReadyMessage.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        if (port != null) {
            log.info("Hindsight is ready: open http://localhost:{}/ and sign in", port);
        }
    }
}
