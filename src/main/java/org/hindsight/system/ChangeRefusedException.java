package org.hindsight.system;

/**
 * A change that the rules refuse, tied to the form field it concerns: the form re-renders with the
 * message under that field, and the API answers 422 naming it.
 */
public class ChangeRefusedException extends RuntimeException {

    private final String field;
    private final String messageCode;

    public ChangeRefusedException(String field, String messageCode) {
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
