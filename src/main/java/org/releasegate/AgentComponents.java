package org.releasegate;

import java.util.Set;

import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * With the {@code agent} profile, leaves out of the component scan everything but what runs an environment's steps on
 * its server: no engine plugin, no user, no REST controller, no demo, nothing that reads the engine. The packages are
 * named here rather than marked on each class: a new feature stays on the engine node unless added here.
 */
public class AgentComponents implements TypeFilter, EnvironmentAware {

    public static final String PROFILE = "agent";

    /** The packages an agent needs, under {@code org.releasegate}; {@code ""} is the root package itself. */
    static final Set<String> PACKAGES = Set.of("", "agent", "command", "data", "environment", "health", "inbox",
            "installation", "operation", "textfile", "transfer", "worker");

    /**
     * The classes an agent needs from the packages it otherwise leaves out, under {@code org.releasegate}: the restore,
     * which puts production back on its server (its archives asked of the engine node through
     * {@code transfer/RemoteRestoreArchives}); the rest of {@code restore} needs the archive store or the engine.
     */
    static final Set<String> CLASSES = Set.of("restore.RestoreArchiveStep");

    private static final String BASE = "org.releasegate";

    private boolean agent;

    @Override
    public void setEnvironment(Environment environment) {
        agent = environment.acceptsProfiles(Profiles.of(PROFILE));
    }

    /** @return true to leave the class out */
    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        if (!agent) {
            return false;
        }
        String className = reader.getClassMetadata().getClassName();
        String packageName = className.substring(0, className.lastIndexOf('.'));
        if (!packageName.startsWith(BASE) || CLASSES.contains(className.substring(BASE.length() + 1))) {
            return false;
        }
        String feature = packageName.equals(BASE) ? "" : packageName.substring(BASE.length() + 1).split("\\.")[0];
        return !PACKAGES.contains(feature);
    }
}
