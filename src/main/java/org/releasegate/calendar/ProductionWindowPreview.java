package org.releasegate.calendar;

import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_TEXT;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.releasegate.message.Messages;
import org.springframework.stereotype.Component;

/**
 * {@code ${productionWindowPreview}}, a {@code create} listener on the final acceptance: sets the task-local
 * {@code productionWindowText} (« Prochaine fenêtre : samedi 12/12/2026 de 20:00 à 23:59 (Europe/Paris) ») so the
 * person who accepts knows when production will be changed. Only a preview: a broken calendar or planned date is
 * said in the text and never keeps the task from being created (the planner, before production, stops on it).
 */
@Component("productionWindowPreview")
public class ProductionWindowPreview implements TaskListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionWindowPreview.class);

    private final ProductionWindowPlanner planner;

    public ProductionWindowPreview(ProductionWindowPlanner planner) {
        this.planner = planner;
    }

    @Override
    public void notify(DelegateTask task) {
        String text;
        try {
            text = planner.plan(task).preview();
        } catch (NoProductionWindowException e) {
            text = Messages.text("calendar.preview.none", e.getMessage());
        } catch (CalendarRejectedException | IllegalArgumentException e) {
            text = Messages.text("calendar.preview.unknown", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Release {}: no production window preview", task.getProcessInstanceId(), e);
            text = Messages.text("calendar.preview.unreadable");
        }
        PRODUCTION_WINDOW_TEXT.setLocal(task, text);
    }
}
