package org.releasegate.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the models the process owner edits ({@code *.bpmn}, {@code *.dmn}, {@code *.form}) at start-up, named by
 * their path relative to the model folder, so a restart from another directory or with unchanged files creates no
 * new version. Everything is deployed together when anything changed: a changed form alone then still yields a new
 * process version that uses it (forms are bound to their deployment). Without a model folder on disk, the copy
 * packaged in the jar is deployed.
 */
@Component
@Order(3)
class ModelFolderDeployment extends AbstractProcessEnginePlugin {

    static final String DEPLOYMENT_NAME = "release-gate";

    private static final Logger LOG = LoggerFactory.getLogger(ModelFolderDeployment.class);
    private static final String CLASSPATH_FOLDER = "bpmn/";

    private final Path folder;

    @Autowired
    ModelFolderDeployment(ModelProperties settings) {
        this(settings.folder());
    }

    ModelFolderDeployment(Path folder) {
        this.folder = folder;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        Map<String, byte[]> models = Files.isDirectory(folder) ? readFolder(folder) : readClasspath();
        if (models.isEmpty()) {
            throw new IllegalStateException("No model (*.bpmn, *.dmn, *.form, *.html) found in " + folder.toAbsolutePath()
                    + " nor in the application jar");
        }
        DeploymentBuilder builder = engine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT_NAME)
                .source(DEPLOYMENT_NAME)
                .enableDuplicateFiltering(false);
        models.forEach((name, bytes) -> builder.addInputStream(name, new ByteArrayInputStream(bytes)));
        Deployment deployment = builder.deploy();
        LOG.info("Models {} from {}: deployment {}", models.keySet(),
                Files.isDirectory(folder) ? folder.toAbsolutePath() : "the application jar", deployment.getId());
    }

    static boolean isModel(String name) {
        // .html: the embedded forms of tasks that take file uploads (Camunda Forms cannot, in Camunda 7).
        return name.endsWith(".bpmn") || name.endsWith(".dmn") || name.endsWith(".form") || name.endsWith(".html");
    }

    private static Map<String, byte[]> readFolder(Path folder) {
        Map<String, byte[]> models = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                if (isModel(name)) {
                    models.put(name, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the models in " + folder.toAbsolutePath(), e);
        }
        return models;
    }

    private static Map<String, byte[]> readClasspath() {
        Map<String, byte[]> models = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + CLASSPATH_FOLDER + "**/*")) {
                String url = resource.getURL().toString();
                int start = url.lastIndexOf("/" + CLASSPATH_FOLDER);
                String name = start < 0 ? "" : url.substring(start + CLASSPATH_FOLDER.length() + 1);
                if (resource.isReadable() && isModel(name)) {
                    try (InputStream in = resource.getInputStream()) {
                        models.put(name, in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the models packaged in the application", e);
        }
        return models;
    }
}
