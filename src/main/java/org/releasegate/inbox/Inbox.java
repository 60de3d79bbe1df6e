package org.releasegate.inbox;

import java.nio.file.Files;
import java.nio.file.Path;

import org.releasegate.RejectedInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The folder where release managers drop what a release needs (installer packages, road books); files named in a
 * start form are resolved here and may not point outside it.
 */
@Component
public class Inbox {

    private final Path folder;

    public Inbox(@Value("${releasegate.inbox}") Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    public Path resolve(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new RejectedInputException("No file named");
        }
        Path file = folder.resolve(fileName.strip()).normalize();
        if (!file.startsWith(folder)) {
            throw new RejectedInputException("'" + fileName + "' points outside the inbox " + folder);
        }
        if (!Files.isRegularFile(file)) {
            throw new RejectedInputException("'" + fileName + "' is not in the inbox " + folder);
        }
        return file;
    }
}
