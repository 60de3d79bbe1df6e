package org.releasegate.api;

/** 403: the caller is authenticated but may not do this (not a member of the groups that may). */
public class Forbidden extends ApiProblem {

    /** @param detail what went wrong, in French, for the person who sent the request */
    public Forbidden(String detail) {
        super(ProblemType.FORBIDDEN, detail);
    }
}
