package org.hindsight.system;

/**
 * A query parameter of a page has a value the page cannot use (say {@code page=2147483647}): answered with the
 * 400 page naming the parameter.
 */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter) {
        super("The parameter '" + parameter + "' has a value this page cannot use");
        this.parameter = parameter;
    }

    public String getParameter() {
        return parameter;
    }
}
