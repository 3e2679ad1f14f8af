package org.hindsight.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Whether email is on: only when {@code spring.mail.host} ({@code SPRING_MAIL_HOST}) is set. Spring Boot makes the
 * {@link JavaMailSender} only then; the ahead-of-time processed build (README "Start-up") always has one, made with
 * that setting's value at start, so the host decides here in both. Without one no digest is decided and nothing is
 * sent; the start-up log says so once, and so does the admin page.
 */
@Component
class MailSetup {

    private static final Logger log = LoggerFactory.getLogger(MailSetup.class);

    private final ObjectProvider<JavaMailSender> senders;
    private final String host;
    private final int port;
    private final String from;

    MailSetup(ObjectProvider<JavaMailSender> senders, EmailProperties properties,
            @Value("${spring.mail.host:}") String host, @Value("${spring.mail.port:25}") int port,
            @Value("${spring.mail.username:}") String username) {
        this.senders = senders;
        this.host = host.strip();
        this.port = port;
        this.from = !properties.from().isEmpty() ? properties.from()
                : username.contains("@") ? username.strip() : "hindsight@localhost";
    }

    /** The sender, or null when no SMTP server is configured (an empty SPRING_MAIL_HOST is none). */
    JavaMailSender sender() {
        return host.isEmpty() ? null : senders.getIfAvailable();
    }

    boolean enabled() {
        return sender() != null;
    }

    /** The server as the admin page names it: {@code smtp.example.com:587}. */
    String server() {
        return host + ":" + port;
    }

    String from() {
        return from;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        if (enabled()) {
            log.info("Email reminders are on: SMTP server {}, sent from {}", server(), from);
        } else {
            log.info("Email reminders are off: no SMTP server configured (set SPRING_MAIL_HOST to send them)");
        }
    }
}
