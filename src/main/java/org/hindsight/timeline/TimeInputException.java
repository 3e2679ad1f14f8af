package org.hindsight.timeline;

/**
 * A time typed next to a timeline event that {@link TimeInput} refuses. Carries a message code
 * ({@code time.invalid} or {@code time.future}) and the input as typed, so the form can re-render
 * both.
 */
public class TimeInputException extends RuntimeException {

    private final String messageCode;
    private final String input;

    public TimeInputException(String messageCode, String input) {
        super(messageCode);
        this.messageCode = messageCode;
        this.input = input;
    }

    public String getMessageCode() {
        return messageCode;
    }

    /** The input as typed, possibly {@code null}. */
    public String getInput() {
        return input;
    }
}
