package org.hindsight.alert;

/** Valid JSON that is not the shape the integration's source sends: answered 422 naming the field. */
class PayloadShapeException extends RuntimeException {

    private final String field;

    PayloadShapeException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
