package org.releasegate;

import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;

/**
 * Refuses start-up, before any bean (engine, workers) is created, when settings are wrong, listing every problem at
 * once rather than failing on the first in the middle of a release.
 */
public abstract class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(headline() + ":\n - " + String.join("\n - ", problems));
        }
    }

    /** What the message starts with, e.g. "Installer settings are wrong". */
    protected abstract String headline();

    protected abstract List<String> problems(Environment environment);

    /**
     * A {@code @ConfigurationProperties} record as the application will bind it, defaults included: the check runs
     * before that bean exists.
     */
    public static <T> T settings(Environment environment, Class<T> type) {
        String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
        return Binder.get(environment).bindOrCreate(prefix, type);
    }
}
