package org.releasegate.archive;

/** How much of an archive {@link ArchiveStore#verify(String, VerificationDepth)} reads. */
public enum VerificationDepth {
    /** Re-hashes the compressed file against the SHA-256 in the manifest: reads the archive once, no decompression. */
    QUICK,
    /** Also decompresses it and re-hashes every member against the manifest's per-file digests. */
    DEEP
}
