package org.releasegate.textfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntFunction;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What the files a company edits by hand or through the API (the catalogue of strategic processes, the change
 * calendar) share: read whole but bounded, strict UTF-8, YAML read node by node with no surprises.
 */
public final class CompanyFile {

    private CompanyFile() {
    }

    /** The file's bytes, at most {@code maxBytes + 1} (more means too large); empty when there is no file. */
    public static Optional<byte[]> readAtMost(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(maxBytes + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The text of UTF-8 bytes, a byte-order mark skipped.
     *
     * @param notUtf8 the refusal to throw, given the line (from 1) where the bytes stop being UTF-8
     */
    public static String utf8(byte[] bytes, IntFunction<RuntimeException> notUtf8) {
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = start; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw notUtf8.apply(line);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Loader options for a hand-edited file of {@code length} characters: no duplicate keys, shallow, bounded. */
    public static LoaderOptions yamlOptions(int length) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(length, 1) + 1);
        // Every anchor is refused with its line while the nodes are read; the composer only shares aliased nodes
        // (never expands them), and its own limit stays as a bound.
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(8);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** A YAML null: nothing, {@code ~} or {@code null}, unquoted. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("~") || scalar.getValue().equals("null"));
    }
}
