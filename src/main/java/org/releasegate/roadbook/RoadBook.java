package org.releasegate.roadbook;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

/** The vendor's release notes: for each version, the changes it brings. */
public record RoadBook(List<Version> versions) {

    public record Version(String number, List<Change> changes) {
    }

    public record Change(String id, String version, String module, String title) {
    }

    /** True when no version lists any change (versions alone are allowed: a version may bring none). */
    public boolean isEmpty() {
        return changeCount() == 0;
    }

    public int changeCount() {
        return versions.stream().mapToInt(version -> version.changes().size()).sum();
    }

    /**
     * Every change after the installed version up to the target, oldest first: skipping versions skips no check.
     *
     * @param installedVersion empty when nothing is installed yet (every change up to the target is verified)
     */
    /** Whether the road book has a section for {@code version}. */
    public boolean covers(String version) {
        return versions.stream().anyMatch(section -> VersionNumbers.ORDER.compare(section.number(), version) == 0);
    }

    public List<Change> changesToVerify(Optional<String> installedVersion, String targetVersion) {
        if (!covers(targetVersion)) {
            throw new RejectedInputException(Messages.text("roadbook.no-section", targetVersion,
                    String.join(", ", versions.stream().map(Version::number).toList())));
        }
        return versions.stream()
                .filter(version -> VersionNumbers.ORDER.compare(version.number(), targetVersion) <= 0)
                .filter(version -> installedVersion.isEmpty()
                        || VersionNumbers.ORDER.compare(version.number(), installedVersion.get()) > 0)
                .sorted(Comparator.comparing(Version::number, VersionNumbers.ORDER))
                .flatMap(version -> version.changes().stream())
                .toList();
    }
}
