package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Path;

import org.releasegate.AgentComponents;
import org.releasegate.inbox.Inbox;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** On the engine node, packages come from its own inbox. */
@Component
@Profile("!" + AgentComponents.PROFILE)
class InboxPackages implements PackageSource {

    private final Inbox inbox;

    InboxPackages(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Inbox.PrivateCopy copy(String fileName, Path privateFolder) throws IOException {
        return inbox.copy(fileName, privateFolder);
    }
}
