package org.hindsight.system;

import org.springframework.security.access.AccessDeniedException;

/**
 * A change the user's part in the record does not allow, tied to the field it concerns (say {@code tags}: key
 * moments need one of the incident's responders): the API answers 403 problem details naming the field and saying
 * what to do, a form re-renders with the message under the field. Elsewhere it is an ordinary access denial.
 */
public class ChangeForbiddenException extends AccessDeniedException {

    private final String field;
    private final String messageCode;

    public ChangeForbiddenException(String field, String messageCode) {
        super(messageCode);
        this.field = field;
        this.messageCode = messageCode;
    }

    public String getField() {
        return field;
    }

    public String getMessageCode() {
        return messageCode;
    }
}
