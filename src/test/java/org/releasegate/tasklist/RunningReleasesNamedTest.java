package org.releasegate.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_LABEL;

import java.util.List;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * A release running before the upgrade that names releases: its filter and the names of its open tasks are given at
 * start-up, once.
 */
class RunningReleasesNamedTest extends IntegrationTest {

    @Autowired
    FilterService filterService;
    @Autowired
    RunningReleasesNamed runningReleasesNamed;

    private String releaseId;
    private List<String> named;

    @BeforeEach
    void aReleaseAsItWasBeforeTheUpgrade() throws Exception {
        startFromTheDemoAsOnFirstStart();
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> tasks = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        named = tasks.stream().map(Task::getName).sorted().toList();
        String suffix = " — " + label();
        // What the release looked like before: no filter, tasks with the model's names and no label.
        releaseFilters().forEach(filter -> filterService.deleteFilter(filter.getId()));
        for (Task task : tasks) {
            assertThat(task.getName()).endsWith(suffix);
            task.setName(task.getName().substring(0, task.getName().length() - suffix.length()));
            taskService.saveTask(task);
            taskService.removeVariableLocal(task.getId(), RELEASE_LABEL.name());
        }
    }

    @AfterEach
    void cancel() {
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void itsOpenTasksAndItsFilterAreNamedAfterItAtStartUpOnce() {
        runningReleasesNamed.run(new DefaultApplicationArguments());
        runningReleasesNamed.run(new DefaultApplicationArguments());

        List<Task> tasks = taskService.createTaskQuery().processInstanceId(releaseId)
                .taskDefinitionKey(Elements.VERIFY_CHANGE).list();
        assertThat(tasks).extracting(Task::getName).containsExactlyInAnyOrderElementsOf(named);
        String label = label();
        tasks.forEach(task -> assertThat(taskService.getVariableLocal(task.getId(), RELEASE_LABEL.name()))
                .isEqualTo(label));
        assertThat(releaseFilters()).extracting(Filter::getName).containsExactly(label);
    }

    private String label() {
        return runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).singleResult().getBusinessKey()
                + " (lancée par marie)";
    }

    private List<Filter> releaseFilters() {
        return filterService.createFilterQuery().list().stream().filter(filter -> filter.getProperties() != null
                && releaseId.equals(filter.getProperties().get(ReleaseFilter.RELEASE_ID))).toList();
    }
}
