package org.releasegate.installation;

/** How an environment installs a version ({@code releasegate.environments.<name>.installer.mode}). */
public enum InstallerMode {

    /** Our package format: unpacked into {@code versions/}, {@code current} switched atomically ({@link Installer}). */
    PACKAGE,

    /** The vendor's own installer program, run with arguments and a timeout ({@link VendorCommandInstaller}). */
    COMMAND
}
