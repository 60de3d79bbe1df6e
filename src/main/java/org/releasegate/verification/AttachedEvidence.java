package org.releasegate.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Attachment;

/**
 * A file attached to a task — the evidence of a verification — with its size and SHA-256, so that whoever holds a copy
 * can tell it is the one the verifier joined.
 */
public record AttachedEvidence(String id, String name, long size, String sha256) {

    /** Size and SHA-256 of an attachment's content. */
    public record Digest(long size, String sha256) {
    }

    /** The files attached to a task, completed or not, oldest first (links without content are left out). */
    public static List<AttachedEvidence> ofTask(TaskService tasks, String taskId) {
        if (taskId == null) {
            return List.of();
        }
        return tasks.getTaskAttachments(taskId).stream()
                .sorted(Comparator.comparing(Attachment::getCreateTime, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Attachment::getId))
                .flatMap(attachment -> digest(tasks, attachment.getId()).stream()
                        .map(digest -> new AttachedEvidence(attachment.getId(), attachment.getName(), digest.size(),
                                digest.sha256())))
                .toList();
    }

    /** Reads an attachment's content once; empty for a link (an attachment with a URL and no content). */
    public static Optional<Digest> digest(TaskService tasks, String attachmentId) {
        try (InputStream content = tasks.getAttachmentContent(attachmentId)) {
            if (content == null) {
                return Optional.empty();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size = new DigestInputStream(content, sha256).transferTo(OutputStream.nullOutputStream());
            return Optional.of(new Digest(size, HexFormat.of().formatHex(sha256.digest())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
