package org.releasegate.roadbook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads a road book file in the format its extension names (.md/.markdown, .yaml/.yml, .json, .csv). The bytes are
 * checked before any parsing: at most {@code releasegate.road-book.max-size} ({@link RoadBookProperties}) read, never
 * more; strict UTF-8 (a byte-order mark is accepted, Latin-1 or Windows-1252 is refused with its line); no NUL byte. Every
 * refusal is a {@link RejectedInputException} whose message names the file, the line and the reason.
 */
@Component
public class RoadBookReader {

    /** The default of {@code releasegate.road-book.max-size}, written here only. */
    static final String DEFAULT_MAX_SIZE_TEXT = "5MB";
    public static final DataSize DEFAULT_MAX_SIZE = DataSize.parse(DEFAULT_MAX_SIZE_TEXT);

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxBytes;
    private final MarkdownRoadBookParser markdown = new MarkdownRoadBookParser();
    private final StructuredRoadBookParser yaml;
    private final StructuredRoadBookParser json = StructuredRoadBookParser.json();
    private final CsvRoadBookParser csv = new CsvRoadBookParser();

    @Autowired
    RoadBookReader(RoadBookProperties settings) {
        this(settings.maxSize());
    }

    public RoadBookReader(DataSize maxSize) {
        if (!isReadable(maxSize)) {
            throw new IllegalArgumentException("releasegate.road-book.max-size must be between 1 B and 2 GB, not " + maxSize);
        }
        this.maxBytes = (int) maxSize.toBytes();
        this.yaml = StructuredRoadBookParser.yaml(maxBytes);
    }

    /** Whether a road book of this size can be held in memory: 1 B to a little under 2 GB. */
    static boolean isReadable(DataSize maxSize) {
        return maxSize != null && maxSize.toBytes() > 0 && maxSize.toBytes() <= Integer.MAX_VALUE - 8;
    }

    /** Reads a road book file; its size is checked before it is opened and again while it is read. */
    public RoadBook read(Path file) throws IOException {
        String name = file.getFileName().toString();
        RoadBookFormat format = format(name);
        if (Files.size(file) > maxBytes) {
            throw tooLarge(name);
        }
        try (InputStream content = Files.newInputStream(file)) {
            return read(name, format, content);
        }
    }

    /** Reads a road book from a stream (an upload, say), named by its file name for the format and the messages. */
    public RoadBook read(String fileName, InputStream content) throws IOException {
        return read(fileName, format(fileName), content);
    }

    private RoadBook read(String name, RoadBookFormat format, InputStream content) throws IOException {
        byte[] bytes = content.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw tooLarge(name);
        }
        try {
            String text = decode(bytes);
            return switch (format) {
                case MARKDOWN -> markdown.parse(text);
                case YAML -> yaml.parse(text);
                case JSON -> json.parse(text);
                case CSV -> csv.parse(text);
            };
        } catch (RoadBookRejected e) {
            throw new RejectedInputException(e.inFile(name), e);
        }
    }

    private static RoadBookFormat format(String name) {
        return RoadBookFormat.of(name).orElseThrow(() -> new RejectedInputException(
                Messages.text("roadbook.format-unsupported", name, RoadBookFormat.supportedExtensions())));
    }

    private RejectedInputException tooLarge(String name) {
        return new RejectedInputException(Messages.text("roadbook.too-large", name, readable(maxBytes)));
    }

    private static String readable(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return Messages.text("api.size.megabytes", bytes / (1024 * 1024));
        }
        return bytes % 1024 == 0 ? Messages.text("api.size.kilobytes", bytes / 1024)
                : Messages.text("api.size.bytes", bytes);
    }

    /** Strict UTF-8: the first byte that is not names its line (a file saved as Latin-1 or Windows-1252, usually). */
    private static String decode(byte[] bytes) {
        int start = startsWithBom(bytes) ? UTF8_BOM.length : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw RoadBookRejected.at(lineOf(bytes, i), "roadbook.reason.nul-byte");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int position = in.position();
            throw RoadBookRejected.at(lineOf(bytes, position), "roadbook.reason.not-utf8",
                    String.format("%02X", bytes[Math.min(position, bytes.length - 1)] & 0xFF));
        }
        return out.flip().toString();
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
    }

    private static int lineOf(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
