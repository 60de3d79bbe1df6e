package org.releasegate.api;

import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Answers every error of Release Gate's own controllers as an RFC 9457 problem ({@code application/problem+json}):
 * refusals ({@link ApiProblem}) with their French detail, Spring MVC's own (unreadable body, wrong method or media
 * type, bad parameter) with their usual status and French words, and anything unexpected as a 500 that says nothing
 * of its cause: no exception message, path or engine code leaves the server, the stack trace goes to the log.
 * <p>
 * Only for controllers under {@code org.releasegate}, once one is chosen: the engine's REST API and the webapps answer
 * in their own way, and a request no controller maps (unknown address, method or media type not mapped there) gets
 * Spring Boot's usual error answer.
 */
@RestControllerAdvice(basePackages = "org.releasegate")
class ApiProblems extends ResponseEntityExceptionHandler {

    static final String INTERNAL_ERROR = Messages.text("api.internal-error");

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> refused(ApiProblem refusal) {
        ProblemDetail problem = refusal.problem();
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure, HttpServletRequest request) {
        LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), failure);
        return ResponseEntity.internalServerError().body(ProblemType.INTERNAL_ERROR.problem(INTERNAL_ERROR));
    }

    /** Spring MVC's own refusals, before any controller code ran: the status Spring gives, in French. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) {
            LOG.error("{} failed", request.getDescription(false), failure);
        }
        return super.handleExceptionInternal(failure, ProblemType.problem(status, detail(failure, status)), headers,
                status, request);
    }

    private static String detail(Exception failure, HttpStatusCode status) {
        if (failure instanceof MissingServletRequestParameterException missing) {
            return Messages.text("api.parameter-missing", missing.getParameterName());
        }
        if (failure instanceof TypeMismatchException mismatch && mismatch.getPropertyName() != null) {
            return Messages.text("api.parameter-invalid", mismatch.getPropertyName());
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return status.is5xxServerError() ? INTERNAL_ERROR : Messages.text("api.refused");
        }
        return switch (known) {
            case BAD_REQUEST -> Messages.text("api.unreadable");
            case NOT_FOUND -> Messages.text("api.no-resource");
            case NOT_ACCEPTABLE -> Messages.text("api.no-acceptable-format");
            case PAYLOAD_TOO_LARGE -> Messages.text("api.too-large");
            case UNSUPPORTED_MEDIA_TYPE -> Messages.text("api.unsupported-media-type");
            default -> status.is5xxServerError() ? INTERNAL_ERROR : Messages.text("api.refused");
        };
    }
}
