package org.releasegate.process;

import java.util.List;
import java.util.concurrent.Callable;

/** The gate's listing of the inbox, for plain-engine tests: the files named by the tests' corrected installers. */
public class InboxHolds implements Callable<List<String>> {

    private final List<String> files;

    public InboxHolds(List<String> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public List<String> call() {
        return files;
    }
}
