package org.releasegate.security;

import java.util.ArrayList;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts the four-eyes rule into the engine when models are parsed, so it holds for Tasklist, the REST API and the
 * Java API alike, and the process owner cannot lose it by editing the model.
 */
@Component
class FourEyesPlugin extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(FourEyesPlugin.class);

    private final boolean enabled;

    FourEyesPlugin(FourEyesProperties properties) {
        this.enabled = properties.enabled();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!enabled) {
            LOG.warn("Four-eyes rule disabled (releasegate.four-eyes.enabled=false): the person who starts a release "
                    + "may also sign its final acceptance and decide its rollback");
            return;
        }
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new FourEyesParseListener());
    }
}
