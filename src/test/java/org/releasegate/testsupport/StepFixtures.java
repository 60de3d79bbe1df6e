package org.releasegate.testsupport;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.camunda.bpm.client.task.ExternalTask;

/** What the tests of steps share: an external task as a worker receives it, and minimal installer packages. */
public final class StepFixtures {

    private StepFixtures() {
    }

    public static ExternalTask task(String id, Map<String, Object> variables) {
        return task(id, null, variables);
    }

    /** A task of release {@code releaseId} (its process instance). */
    public static ExternalTask task(String id, String releaseId, Map<String, Object> variables) {
        ExternalTask task = mock(ExternalTask.class);
        when(task.getId()).thenReturn(id);
        when(task.getProcessInstanceId()).thenReturn(releaseId);
        when(task.getAllVariables()).thenReturn(variables);
        variables.forEach((name, value) -> when(task.getVariable(name)).thenReturn(value));
        return task;
    }

    /** A package of our format with nothing to install but its descriptor, in {@code inbox}. */
    public static Path writePackage(Path inbox, String version) throws IOException {
        Path file = inbox.resolve("gestan-" + version + ".zip");
        Files.createDirectories(inbox);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("package.properties"));
            zip.write(("product=gestan\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
