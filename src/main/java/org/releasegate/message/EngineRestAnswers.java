package org.releasegate.message;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.MissingAuthorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.ExceptionLogger;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * What a person reads when the engine's REST API refuses a request — {@code /engine-rest} and its twin under
 * {@code /camunda/api/engine}, which Tasklist and Cockpit call: our French message alone, in Camunda's own body
 * ({@code {"type", "message"}}, which Tasklist shows), with the status Camunda gives.
 * <ul>
 * <li>A {@link Refusal} of the gate or of a listener: Camunda's REST layer would prefix it (« Cannot submit task form
 * … : ») or add the engine's code and the missing permissions; the body carries the refusal's message only.</li>
 * <li>The engine's own authorization refusal on a task (a claim refused by the starter's REVOKE, a task of another
 * group): a French sentence naming what was refused (« Vous n'avez pas le droit de prendre en charge cette tâche. »)
 * instead of the English list of missing permissions.</li>
 * <li>Any other authorization refusal (history, definitions, jobs…): a French sentence; the missing permissions go
 * to the log.</li>
 * <li>A task or a release that is not there (completed meanwhile by a colleague, cancelled, or not visible to the
 * caller): a French sentence instead of the engine's or the REST layer's English, and a 404 on every endpoint (Camunda
 * gives a 500 on some).</li>
 * <li>Two changes of the same thing at the same moment (the engine's optimistic locking, or the same key inserted
 * twice, such as two releases started together, {@code gate/OneReleaseAtATime}): a 409 and a French sentence instead
 * of Camunda's 500 and the engine's English; nothing of the losing request was kept.</li>
 * <li>Any other error (an engine code and its English, « ENGINE-13050 … », a conflict with a colleague's change): a
 * French sentence that the server could not do it, with Camunda's status and type; the English goes to the log. Only
 * a model that does not parse keeps Camunda's answer: its body lists the faults by element for the Modeler.</li>
 * </ul>
 * Both APIs are Jersey applications that Camunda builds itself (the REST starter's {@code ResourceConfig}, the
 * webapps' {@code EngineRestApplication} servlet): Jersey's auto-discovery ({@code META-INF/services}) adds these
 * mappers to each. Camunda's mappers ({@code ProcessEngineExceptionHandler}, {@code RestExceptionHandler}) handle the
 * same exception types; among mappers as close to the exception's class Jersey picks the one of lower priority value,
 * so these come first, and hand whatever is not theirs to Camunda's own {@link ExceptionHandlerHelper}.
 */
public class EngineRestAnswers implements ForcedAutoDiscoverable {

    /** The engine REST API's task actions (the path segment after the task's id) → the bundle's refusal of each. */
    private static final Map<String, String> TASK_ACTIONS = Map.of(
            "claim", "engine-rest.task.claim",
            "unclaim", "engine-rest.task.unclaim",
            "complete", "engine-rest.task.complete",
            "submit-form", "engine-rest.task.complete",
            "resolve", "engine-rest.task.complete",
            "assignee", "engine-rest.task.assign",
            "delegate", "engine-rest.task.delegate",
            "variables", "engine-rest.task.write-variables",
            "localVariables", "engine-rest.task.write-variables");

    private static final Pattern MISSING_TASK = Pattern.compile("^(?:Cannot [a-z ]+ task [^:]*: )?(?:No matching task"
            + " with id |Cannot find task with id |No task found for task id )");
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Pattern MISSING_RELEASE = Pattern.compile(
            "^(?:Historic process|Process) instance with id \\S+ does not exist$");

    @Override
    public void configure(FeatureContext context) {
        if (!context.getConfiguration().isRegistered(EngineErrors.class)) {
            context.register(EngineErrors.class);
            context.register(RestErrors.class);
        }
    }

    /** Errors the engine threw, passed on as they are by Camunda's resources (authorizations among them). */
    @Priority(Priorities.USER - 1)
    public static class EngineErrors implements ExceptionMapper<ProcessEngineException> {

        @Context
        UriInfo uri;
        @Context
        Request request;

        @Override
        public Response toResponse(ProcessEngineException failure) {
            return answer(failure, uri, request);
        }
    }

    /** Errors Camunda's resources wrapped with their own English words (« Cannot submit task form … »). */
    @Priority(Priorities.USER - 1)
    public static class RestErrors implements ExceptionMapper<RestException> {

        @Context
        UriInfo uri;
        @Context
        Request request;

        @Override
        public Response toResponse(RestException failure) {
            return answer(failure, uri, request);
        }
    }

    private static Response answer(Throwable failure, UriInfo uri, Request request) {
        ExceptionHandlerHelper camunda = ExceptionHandlerHelper.getInstance();
        boolean concurrent = refusal(failure).isEmpty() && concurrent(failure);
        Optional<String> message = refusal(failure).map(Refusal::getMessage)
                .or(() -> concurrent ? Optional.of(Messages.text(isAStart(uri) ? "engine-rest.concurrent-start"
                        : "engine-rest.concurrent")) : Optional.empty())
                .or(() -> refusedOnATask(failure) ? Optional.of(Messages.text(taskAction(uri, request)))
                        : Optional.empty())
                .or(() -> failure instanceof AuthorizationException
                        ? Optional.of(Messages.text("engine-rest.refused")) : Optional.empty())
                .or(() -> notThere(failure))
                .or(() -> failure instanceof ParseException ? Optional.empty()
                        : Optional.of(Messages.text("engine-rest.failed")));
        if (message.isEmpty()) {
            return camunda.getResponse(failure);
        }
        ExceptionLogger.REST_LOGGER.log(failure);
        // Camunda answers a task gone meanwhile with a 500 on some endpoints (complete, claim): it is a 404 on all.
        Response.StatusType status = concurrent ? Response.Status.CONFLICT
                : notThere(failure).filter(message.get()::equals).isPresent() ? Response.Status.NOT_FOUND
                : camunda.getStatus(failure);
        return Response.status(status)
                .entity(new Body(camundaType(failure), message.get()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The first refusal of ours in the chain of causes: the engine and Camunda's REST layer wrap it. */
    private static Optional<Refusal> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    /**
     * The French for « not found » answers: Camunda's words for them differ by endpoint (« No matching task with id »,
     * « Cannot find task with id … task is null », « No task found for task id », « (Historic) process instance with id
     * … does not exist »), and the id the caller sent is all they carry.
     */
    private static Optional<String> notThere(Throwable failure) {
        String english = failure.getMessage() == null ? "" : failure.getMessage();
        if (MISSING_TASK.matcher(english).find()) {
            return Optional.of(Messages.text("engine-rest.task.missing"));
        }
        if (MISSING_RELEASE.matcher(english).find()) {
            return Optional.of(Messages.text("engine-rest.release.missing"));
        }
        return Optional.empty();
    }

    /**
     * Whether another transaction changed the same row meanwhile: the engine's optimistic locking on an update, or a
     * unique key on an insert (two requests inserting the same engine property: SQL state 23505 on H2 and PostgreSQL).
     */
    private static boolean concurrent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockingException
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** {@code process-definition/…/start} or {@code …/submit-form}: a release started. */
    private static boolean isAStart(UriInfo uri) {
        List<String> path = uri.getPathSegments().stream().map(PathSegment::getPath).toList();
        return path.contains("process-definition") && !path.isEmpty()
                && List.of("start", "submit-form").contains(path.get(path.size() - 1));
    }

    /** Whether the engine refused for want of a permission on a task. */
    private static boolean refusedOnATask(Throwable failure) {
        List<MissingAuthorization> missing = failure instanceof AuthorizationException refused
                ? refused.getMissingAuthorizations() : null;
        return missing != null && missing.stream()
                .anyMatch(permission -> Resources.TASK.resourceName().equals(permission.getResourceType()));
    }

    /** The refusal of what the request tried to do with the task ({@code task/{id}/<action>}): its key in the bundle. */
    private static String taskAction(UriInfo uri, Request request) {
        if (HttpMethod.GET.equals(request.getMethod())) {
            return "engine-rest.task.read";
        }
        // task/{id}/claim, or engine/default/task/{id}/claim under the webapps' API
        List<String> path = uri.getPathSegments().stream().map(PathSegment::getPath).toList();
        int task = path.indexOf("task");
        String action = task >= 0 && task + 2 < path.size() ? path.get(task + 2) : "";
        return TASK_ACTIONS.getOrDefault(action, "engine-rest.task.change");
    }

    /** Camunda's error body, {@code {"type", "message"}} in this order. */
    public record Body(String type, String message) {
    }

    /** The type Camunda names in its body: its own exception class, not ours that extends it. */
    private static String camundaType(Throwable failure) {
        Class<?> type = failure.getClass();
        while (type.getName().startsWith("org.releasegate.")) {
            type = type.getSuperclass();
        }
        return type.getSimpleName();
    }
}
