package org.hindsight.system;

/**
 * A change that the rules refuse, tied to the form field it concerns: the form re-renders with the
 * message under that field, and the API answers 422 naming it.
 */
public class ChangeRefusedException extends RuntimeException {

    private final String field;
    private final String messageCode;
    private final Object[] args;

    /** {@code args} fill the message's placeholders ({@code {0}}), such as the value that was refused. */
    public ChangeRefusedException(String field, String messageCode, Object... args) {
        super(messageCode);
        this.field = field;
        this.messageCode = messageCode;
        this.args = args.clone();
    }

    public String getField() {
        return field;
    }

    public String getMessageCode() {
        return messageCode;
    }

    public Object[] getArgs() {
        return args.clone();
    }
}
