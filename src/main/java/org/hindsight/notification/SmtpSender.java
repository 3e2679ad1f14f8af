package org.hindsight.notification;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends one email through the configured SMTP server: {@code multipart/alternative} with the plain-text body first
 * and the HTML body second (mail readers show the last one they can), and says what came of it: sent, to be tried
 * again (no connection, a timeout, a 4xx reply, refused credentials that an operator may fix) or failed for good (a
 * 5xx reply: the server refuses this message or address and would again; an address that cannot be parsed).
 */
@Component
class SmtpSender {

    enum Outcome {
        SENT, RETRY, FAILED
    }

    record Result(Outcome outcome, String error) {
    }

    private final MailSetup setup;

    SmtpSender(MailSetup setup) {
        this.setup = setup;
    }

    boolean enabled() {
        return setup.enabled();
    }

    Result send(MailWorker.Claimed email) {
        JavaMailSender sender = setup.sender();
        if (sender == null) {
            return new Result(Outcome.RETRY, "No SMTP server configured");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            message.setFrom(new InternetAddress(setup.from(), "Hindsight", StandardCharsets.UTF_8.name()));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(email.recipient(), true));
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setHeader("X-Hindsight-Email", email.kind().name());
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            sender.send(message);
            return new Result(Outcome.SENT, null);
        } catch (MessagingException | java.io.UnsupportedEncodingException | MailParseException
                | MailPreparationException e) {
            return new Result(Outcome.FAILED, "Cannot be sent: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return new Result(Outcome.RETRY, "The SMTP server refused the credentials: " + e.getMessage());
        } catch (MailException e) {
            Integer code = replyCode(e);
            String error = (code == null ? "" : "SMTP " + code + ": ") + message(e);
            return new Result(code != null && code >= 500 ? Outcome.FAILED : Outcome.RETRY, error);
        }
    }

    /** The SMTP reply code in the exception's causes (Angus Mail's SMTP exceptions carry it), or null. */
    static Integer replyCode(Throwable error) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(error);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            try {
                Method method = t.getClass().getMethod("getReturnCode");
                Object code = method.invoke(t);
                if (code instanceof Integer value && value > 0) {
                    return value;
                }
            } catch (ReflectiveOperationException e) {
                // not an SMTP exception
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
            if (t instanceof MailSendException send) {
                todo.addAll(send.getFailedMessages().values());
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
        return text == null ? e.getClass().getSimpleName() : text.replaceAll("\\s+", " ").strip();
    }
}
