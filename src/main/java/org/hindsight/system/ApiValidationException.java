package org.hindsight.system;

import java.util.List;

/** A JSON request with fields that are not valid: answered 400 with each field named. */
public class ApiValidationException extends RuntimeException {

    /** One field's problem, as the API reports it. */
    public record FieldProblem(String field, String message) {
    }

    private final List<FieldProblem> problems;

    public ApiValidationException(List<FieldProblem> problems) {
        super("Invalid fields: " + problems.stream().map(FieldProblem::field).toList());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> getProblems() {
        return problems;
    }
}
