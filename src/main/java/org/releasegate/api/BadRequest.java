package org.releasegate.api;

/** 400: the request itself is wrong (missing or malformed body, a parameter out of range, input that breaks a rule). */
public class BadRequest extends ApiProblem {

    /** @param detail what went wrong, in French, for the person who sent the request */
    public BadRequest(String detail) {
        super(ProblemType.BAD_REQUEST, detail);
    }
}
