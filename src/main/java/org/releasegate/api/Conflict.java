package org.releasegate.api;

/**
 * 409: the request is right but the server's state refuses it (a company file that is malformed and must be fixed
 * first, an identifier too close to an existing one).
 */
public class Conflict extends ApiProblem {

    /** @param detail what went wrong, in French, for the person who sent the request */
    public Conflict(String detail) {
        super(ProblemType.CONFLICT, detail);
    }
}
