package org.releasegate.demo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * releasegate.demo: where the demo lays out its world. Whether the demo is on and its users' password are
 * the security's concern (org.releasegate.security.DemoUserProperties).
 *
 * @param root the demo's own folder: required when the demo is enabled; it writes only there
 */
@ConfigurationProperties("releasegate.demo")
record DemoProperties(Path root) {

    /** The root, which the demo cannot do without. */
    Path requiredRoot() {
        if (root == null) {
            throw new IllegalStateException("releasegate.demo.root is not set: the demo needs a folder of its own "
                    + "(application-demo.yaml sets ./data/demo)");
        }
        return root;
    }
}
