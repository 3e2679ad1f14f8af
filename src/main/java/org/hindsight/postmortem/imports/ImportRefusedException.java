package org.hindsight.postmortem.imports;

/** A postmortem that cannot be read at all (too large, not text, empty, wrong type): status, field, message code. */
class ImportRefusedException extends RuntimeException {

    private final int status;
    private final String field;
    private final String messageCode;

    ImportRefusedException(int status, String field, String messageCode) {
        super(messageCode);
        this.status = status;
        this.field = field;
        this.messageCode = messageCode;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    String messageCode() {
        return messageCode;
    }
}
