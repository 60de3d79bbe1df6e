package org.releasegate.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.releasegate.AgentComponents;
import org.releasegate.data.TransferCorruptedException;
import org.releasegate.files.FileTrees;
import org.releasegate.files.PrivateFolder;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.PackageSource;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On an agent, the release's package from the engine node's inbox ({@code GET /transfer/package/{name}}): written
 * into the install's private folder as it arrives, hashed, and kept only when its size and SHA-256 are those the engine
 * node computed before sending it. Production's install then also checks that SHA-256 against the tested one.
 */
@Component
@Profile(AgentComponents.PROFILE)
class RemotePackages implements PackageSource {

    static final String SHA256_HEADER = "X-Release-Gate-Sha256";
    private static final Logger LOG = LoggerFactory.getLogger(RemotePackages.class);

    private final EngineLink engine;
    private final TransferProperties settings;

    RemotePackages(EngineLink engine, TransferProperties settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Inbox.PrivateCopy copy(String fileName, Path privateFolder) throws IOException {
        String name = Path.of(fileName.strip()).getFileName().toString();
        PrivateFolder.create(privateFolder);
        HttpURLConnection connection = engine.open("GET", "package/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20"), settings.idleTimeout());
        try (Watchdog.Watch watch = Watchdog.watch(settings.idleTimeout(), settings.idleTimeout(),
                connection::disconnect)) {
            if (connection.getResponseCode() != 200) {
                throw engine.refused(connection, "the package " + name, "transfer.package.not-sent", name);
            }
            String expected = connection.getHeaderField(SHA256_HEADER);
            long expectedSize = connection.getContentLengthLong();
            Path copy = privateFolder.resolve(name);
            PrivateFolder.Written written;
            try (InputStream in = connection.getInputStream()) {
                written = PrivateFolder.write(in, copy, watch::moved);
            }
            String received = written.sha256();
            long size = written.size();
            if (expected == null || !expected.equalsIgnoreCase(received) || size != expectedSize) {
                String detail = "the package " + name + " arrived with " + size + " bytes, SHA-256 " + received
                        + "; Release Gate sent " + expectedSize + " bytes, SHA-256 " + expected;
                LOG.warn("{}", detail);
                throw new TransferCorruptedException(Messages.text("transfer.package.altered", name), detail);
            }
            return new Inbox.PrivateCopy(name, copy, received, size);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(privateFolder, e);
            throw e;
        } finally {
            connection.disconnect();
        }
    }
}
