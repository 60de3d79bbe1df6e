package org.releasegate.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.releasegate.message.Messages;

/**
 * The PDF of a report: the XHTML page laid out on A4, with the record attached as {@code release-record.json}
 * (stored uncompressed, so the verifier finds it without a PDF library) and its final hash in the metadata.
 */
@Component
class ReportPdf {

    static final String RECORD_FILE = "release-record.json";
    static final String HEAD_METADATA = "ReleaseGateRecordHead";

    private static final Logger LOG = LoggerFactory.getLogger(ReportPdf.class);
    /** Where Linux distributions keep DejaVu: it covers French and symbols (→, —) that the PDF base fonts lack. */
    private static final List<Path> FONT_FOLDERS = List.of(Path.of("/usr/share/fonts/truetype/dejavu"),
            Path.of("/usr/share/fonts/dejavu"), Path.of("/usr/share/fonts/TTF"), Path.of("/usr/share/fonts/dejavu-sans-fonts"),
            Path.of("/usr/share/fonts/dejavu-sans-mono-fonts"));

    private final List<Font> fonts;

    ReportPdf() {
        this.fonts = findFonts();
        if (fonts.isEmpty()) {
            LOG.warn("No DejaVu font found in {}: report PDFs use the PDF base fonts, which lack some symbols", FONT_FOLDERS);
        }
    }

    byte[] render(String page, ReleaseRecord record) {
        PdfRendererBuilder builder = new PdfRendererBuilder().useFastMode().withHtmlContent(page, null)
                .withProducer("Release Gate");
        for (Font font : fonts) {
            builder.useFont(font.file().toFile(), font.family(), font.weight(), font.style(), true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfBoxRenderer renderer = builder.toStream(out).buildPdfRenderer()) {
            renderer.layout();
            PDDocument document = renderer.createPDFKeepOpen();
            attachRecord(document, record);
            document.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void attachRecord(PDDocument document, ReleaseRecord record) throws IOException {
        byte[] json = RecordJson.write(record).getBytes(StandardCharsets.UTF_8);
        PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(json));
        file.setSubtype("application/json");
        file.setSize(json.length);
        file.setCreationDate(new GregorianCalendar());
        PDComplexFileSpecification specification = new PDComplexFileSpecification();
        specification.setFile(RECORD_FILE);
        specification.setFileUnicode(RECORD_FILE);
        specification.setFileDescription(Messages.text("report.pdf.record-description"));
        specification.setEmbeddedFile(file);
        specification.setEmbeddedFileUnicode(file);
        PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
        files.setNames(Map.of(RECORD_FILE, specification));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
        names.setEmbeddedFiles(files);
        document.getDocumentCatalog().setNames(names);

        Entry release = record.release();
        PDDocumentInformation information = document.getDocumentInformation();
        information.setTitle("Rapport de mise en production — " + release.find(Fields.NAME).orElse(release.field(Fields.ID)));
        information.setAuthor("Release Gate");
        information.setSubject("Mise en production " + record.processInstanceId());
        information.setCustomMetadataValue(HEAD_METADATA, record.head());
    }

    private record Font(Path file, String family, int weight, FontStyle style) {
    }

    private static List<Font> findFonts() {
        List<Font> found = new ArrayList<>();
        Map<String, Font> wanted = Map.of(
                "DejaVuSans.ttf", new Font(null, "DejaVu Sans", 400, FontStyle.NORMAL),
                "DejaVuSans-Bold.ttf", new Font(null, "DejaVu Sans", 700, FontStyle.NORMAL),
                "DejaVuSans-Oblique.ttf", new Font(null, "DejaVu Sans", 400, FontStyle.ITALIC),
                "DejaVuSansMono.ttf", new Font(null, "DejaVu Sans Mono", 400, FontStyle.NORMAL),
                "DejaVuSansMono-Bold.ttf", new Font(null, "DejaVu Sans Mono", 700, FontStyle.NORMAL));
        wanted.forEach((fileName, font) -> FONT_FOLDERS.stream().map(folder -> folder.resolve(fileName))
                .filter(Files::isReadable).findFirst()
                .ifPresent(file -> found.add(new Font(file, font.family(), font.weight(), font.style()))));
        return found;
    }
}
