package org.releasegate.gate;

import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.runtime.Incident;
import org.releasegate.message.Messages;

/**
 * The incident Cockpit shows when a job of the engine fails for good (a listener, a timer, an asynchronous step of the
 * model): its message is a text of the bundle, found even where the engine wrapped it (« ENGINE-03051 There was an
 * exception while invoking the TaskListener… : <French> »), or else a French sentence naming a technical error. The
 * engine's code, a library's English and any server path stay in the job's stack trace (Cockpit's « stacktrace »
 * link) and the server's log. The incidents of automated steps are written in French by the worker already.
 */
final class FrenchIncidents extends DefaultIncidentHandler {

    FrenchIncidents() {
        super(Incident.FAILED_JOB_HANDLER_TYPE);
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
        return super.handleIncident(context, readable(message));
    }

    /** The bundle's text a failure's message holds, however the engine prefixed it; else the technical error's. */
    static String readable(String message) {
        if (message != null) {
            for (int from = 0; from >= 0; from = message.indexOf(": ", from + 1)) {
                String rest = from == 0 ? message : message.substring(from + 2);
                if (Messages.isBundleText(rest)) {
                    return rest;
                }
            }
        }
        return Messages.text("incident.job.technical");
    }
}
