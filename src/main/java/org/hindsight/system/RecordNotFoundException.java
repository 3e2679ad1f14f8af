package org.hindsight.system;

/** A record named in the URL does not exist: answered with 404, as a page or as problem details. */
public class RecordNotFoundException extends RuntimeException {

    public RecordNotFoundException(String what, Object key) {
        super(what + " " + key + " does not exist");
    }
}
