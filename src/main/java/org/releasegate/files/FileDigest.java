package org.releasegate.files;

/**
 * One regular file of a folder tree.
 *
 * @param path   path relative to the tree's root, with '/' separators whatever the platform
 * @param size   size in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record FileDigest(String path, long size, String sha256) {
}
