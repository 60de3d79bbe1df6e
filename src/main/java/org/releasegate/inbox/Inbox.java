package org.releasegate.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.releasegate.RejectedInputException;
import org.releasegate.files.FileTrees;
import org.releasegate.files.PrivateFolder;
import org.releasegate.message.Messages;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The folder where release managers drop what a release needs (installer packages, road books). A file named in a
 * start form is a plain file directly in this folder: no path separator, no symbolic link (neither the file nor its
 * folder), nothing but a regular file. Anyone who can drop files here can also swap them, so a file is read once:
 * {@link #open} gives the one stream to read, {@link #copy} a private copy to hash and use. Refusals are
 * {@link RejectedInputException}s in French that name the file as the user typed it, never the server's folder.
 */
@Component
public class Inbox {

    private final Path folder;

    @Autowired
    Inbox(InboxProperties settings) {
        this(settings.inbox());
    }

    public Inbox(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /**
     * The names of the files a form may name: the regular files directly in the inbox (no link, no folder, no
     * hidden file), sorted. Offered to the person who names one, and told to whoever names one that is not there.
     */
    public List<String> files() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The inbox file of that name, checked without following links. Only for looking at the file: read it through
     * {@link #open} or {@link #copy}, which check again as they open it.
     *
     * @throws RejectedInputException when the name is not a plain regular file of the inbox
     */
    public Path resolve(String fileName) throws IOException {
        String name = plainName(fileName);
        Path file = folder.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RejectedInputException(Messages.text("inbox.not-there", name));
        }
        if (attributes.isSymbolicLink()) {
            throw link(name);
        }
        if (!attributes.isRegularFile()) {
            throw new RejectedInputException(Messages.text("inbox.not-a-file", name));
        }
        // The file is no link; its folder must be the inbox itself, not a link that leads elsewhere.
        if (!file.getParent().toRealPath().equals(folder.toRealPath())) {
            throw link(name);
        }
        return file;
    }

    /**
     * Opens the inbox file once, refusing a link even if one was swapped in after the check.
     *
     * @throws RejectedInputException when the name is not a plain regular file of the inbox
     */
    public InputStream open(String fileName) throws IOException {
        Path file = resolve(fileName);
        try {
            return Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            throw new RejectedInputException(Messages.text("inbox.gone", file.getFileName()));
        } catch (FileSystemException e) {
            // O_NOFOLLOW: the name became a symbolic link between the check and the opening.
            if (Files.isSymbolicLink(file)) {
                throw link(file.getFileName().toString());
            }
            throw e;
        }
    }

    /**
     * Copies the inbox file, read once, to {@code privateFolder/<same name>} (the folder is emptied and created,
     * readable by this user only) and hashes the bytes as they are copied: the copy is what the caller uses, so the
     * bytes hashed are the bytes used, whatever happens to the inbox file meanwhile.
     *
     * @throws RejectedInputException when the name is not a plain regular file of the inbox
     */
    public PrivateCopy copy(String fileName, Path privateFolder) throws IOException {
        String name = resolve(fileName).getFileName().toString();
        PrivateFolder.create(privateFolder);
        Path copy = privateFolder.resolve(name);
        PrivateFolder.Written written;
        try (InputStream in = open(name)) {
            written = PrivateFolder.write(in, copy, () -> { });
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(privateFolder, e);
            throw e;
        }
        return new PrivateCopy(name, copy, written.sha256(), written.size());
    }

    /**
     * The SHA-256 of an inbox file, read once, with the same refusals as {@link #copy}: what an approval binds a
     * release to before anything is installed.
     */
    public String sha256(String fileName) throws IOException {
        String name = resolve(fileName).getFileName().toString();
        MessageDigest sha256 = newSha256();
        try (InputStream in = open(name)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * A private copy of an inbox file; closing it deletes its folder.
     *
     * @param name   the file's name in the inbox, as the user gave it: for messages
     * @param file   the copy, to read or hand to a program
     * @param sha256 lower-case hex SHA-256 of the copied bytes
     */
    public record PrivateCopy(String name, Path file, String sha256, long size) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            FileTrees.deleteRecursively(file.getParent());
        }
    }

    /** The name as typed, stripped: a file name only, nothing that could leave the inbox. */
    private static String plainName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new RejectedInputException(Messages.text("inbox.none-named"));
        }
        String name = fileName.strip();
        if (name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new RejectedInputException(Messages.text("inbox.not-a-name", name));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new RejectedInputException(Messages.text("inbox.not-an-inbox-file", name));
        }
        return name;
    }

    private static RejectedInputException link(String name) {
        return new RejectedInputException(Messages.text("inbox.link", name));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
