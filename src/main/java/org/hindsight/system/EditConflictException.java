package org.hindsight.system;

/**
 * Someone else saved the record after the editor loaded it. Carries the record as it is now, so the
 * page can show it beside the editor's own, unsaved text.
 */
public class EditConflictException extends RuntimeException {

    private final transient Object current;

    public EditConflictException(Object current) {
        super("The record was changed by someone else");
        this.current = current;
    }

    public Object getCurrent() {
        return current;
    }
}
