package org.releasegate.archive;

/**
 * How archives are compressed.
 *
 * @param level   zstd level, 1 (fastest) to 22; 3 is zstd's own default and a good speed/size balance
 * @param workers zstd worker threads; 0 compresses on the calling thread, 1 (the default, as {@code zstd -T1})
 *                compresses on one zstd thread while the calling thread reads and hashes the source: measured here,
 *                packing took about 0.6 of the time it takes with 0
 */
public record Compression(int level, int workers) {

    /** The defaults of {@code releasegate.archive.compression.*}, written here only. */
    static final String DEFAULT_LEVEL = "3";
    static final String DEFAULT_WORKERS = "1";
    public static final Compression DEFAULT =
            new Compression(Integer.parseInt(DEFAULT_LEVEL), Integer.parseInt(DEFAULT_WORKERS));

    public Compression {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("releasegate.archive.compression.level must be 1 to 22, not " + level);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("releasegate.archive.compression.workers must be 0 or more, not " + workers);
        }
    }
}
