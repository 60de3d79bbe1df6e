package org.releasegate.api;

import java.net.URI;

import org.releasegate.message.Messages;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem the API answers with: each a stable {@code type} URI (a name to compare, not a page) and a
 * French title. The detail says what happened this time; {@code message} repeats it for the clients written before
 * problem details (they read {@code {"message": "…"}}).
 */
enum ProblemType {

    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "api.title.bad-request"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "api.title.forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "api.title.not-found"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "api.title.not-acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "api.title.conflict"),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "api.title.payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
            "api.title.unsupported-media-type"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "api.title.internal-error");

    static final String TYPE_PREFIX = "urn:releasegate:problem:";
    static final String MESSAGE = "message";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    /** @param titleKey the French title: its key in the message bundle */
    ProblemType(HttpStatus status, String name, String titleKey) {
        this.status = status;
        this.type = URI.create(TYPE_PREFIX + name);
        this.title = Messages.text(titleKey);
    }

    /** The problem of this kind with this detail (French, for the person who sent the request). */
    ProblemDetail problem(String detail) {
        return problem(status, detail);
    }

    /** A problem of this status: its own kind when there is one, else a refusal of the status' family. */
    static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        for (ProblemType kind : values()) {
            if (kind.status.value() == status.value()) {
                problem.setType(kind.type);
                problem.setTitle(kind.title);
            }
        }
        if (problem.getTitle() == null) {
            ProblemType family = status.is5xxServerError() ? INTERNAL_ERROR : BAD_REQUEST;
            problem.setType(family.type);
            problem.setTitle(family.title);
        }
        problem.setProperty(MESSAGE, detail);
        return problem;
    }
}
