package org.releasegate.api;

import org.springframework.http.ProblemDetail;

/**
 * A request Release Gate's API refuses for a reason the caller can act on; its message is the French detail of the
 * answer. Thrown by controllers and answered by {@link ApiProblems}. Carries no stack trace: it is an answer, not a
 * failure of the server.
 */
public abstract class ApiProblem extends RuntimeException {

    private final transient ProblemType type;

    ApiProblem(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    /** The answer: status, type, title, detail and {@code message}. */
    public ProblemDetail problem() {
        return type.problem(getMessage());
    }
}
