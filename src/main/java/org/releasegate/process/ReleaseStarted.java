package org.releasegate.process;

import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Names a release when it starts ("Version 1.1 — 24/11/2026 14:05"), so Tasklist and Cockpit can tell releases apart. */
@Component("releaseStarted")
public class ReleaseStarted implements ExecutionListener {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final Clock clock;

    public ReleaseStarted(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (execution.getProcessBusinessKey() == null) {
            execution.setProcessBusinessKey("Version " + TARGET_VERSION.find(execution).orElse("?") + " — "
                    + LocalDateTime.now(clock).format(WHEN));
        }
    }
}
