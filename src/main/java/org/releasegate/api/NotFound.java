package org.releasegate.api;

/** 404: what the request names does not exist. */
public class NotFound extends ApiProblem {

    /** @param detail what went wrong, in French, for the person who sent the request */
    public NotFound(String detail) {
        super(ProblemType.NOT_FOUND, detail);
    }
}
