package org.releasegate.tasklist;

import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_LABEL;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.releasegate.process.ReleasePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A release already running when Release Gate was upgraded to name releases in Tasklist got no filter when it
 * started, and its tasks open at the upgrade no release name: both are given at start-up, once (a filter exists, a
 * task has its {@code releaseLabel}: nothing to do). Tasks created after the upgrade are named by the plugin as any.
 * Two nodes starting together write the same engine property in the same transaction as the names: the second one's
 * fails on it and leaves the work to the first.
 */
@Component
class RunningReleasesNamed implements ApplicationRunner {

    static final String PROPERTY = "releasegate.running-releases-named";
    private static final Logger LOG = LoggerFactory.getLogger(RunningReleasesNamed.class);

    private final ProcessEngine engine;

    RunningReleasesNamed(ProcessEngine engine) {
        this.engine = engine;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        for (ProcessInstance release : engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ReleasePolicy.PROCESS_KEY).list()) {
            try {
                int named = configuration.getCommandExecutorTxRequired().execute(context -> name(context, release));
                if (named > 0) {
                    LOG.info("Release « {} » ({}), running before this version: {} open task(s) and its Tasklist "
                            + "filter named after it", release.getBusinessKey(), release.getId(), named);
                }
            } catch (ProcessEngineException another) {
                LOG.info("Release {} not named here ({}): another node starting at the same time names it",
                        release.getId(), another.getMessage());
            }
        }
    }

    /** The number of things named (tasks, and the filter). */
    private int name(CommandContext context, ProcessInstance release) {
        int named = 0;
        if (!hasFilter(release.getId())) {
            ReleaseFilter.create(context.getExecutionManager().findExecutionById(release.getId()));
            named++;
        }
        ReleaseTaskNames names = new ReleaseTaskNames();
        for (TaskEntity task : context.getTaskManager().findTasksByProcessInstanceId(release.getId())) {
            if (task.getVariableLocal(RELEASE_LABEL.name()) == null) {
                names.notify(task);
                named++;
            }
        }
        if (named > 0) {
            engine.getManagementService().setProperty(PROPERTY, release.getId());
        }
        return named;
    }

    private boolean hasFilter(String releaseId) {
        for (Filter filter : engine.getFilterService().createFilterQuery().list()) {
            if (filter.getProperties() != null && releaseId.equals(filter.getProperties().get(ReleaseFilter.RELEASE_ID))) {
                return true;
            }
        }
        return false;
    }
}
