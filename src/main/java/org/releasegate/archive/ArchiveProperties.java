package org.releasegate.archive;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * releasegate.archive: where archives are kept, how they are compressed, how many are kept
 * (docs/archives.md).
 *
 * @param root        the archive store's folder (RELEASEGATE_ARCHIVES; its default is in application.yaml,
 *                    beside the variable)
 * @param compression how archives are compressed
 * @param retention   how many archives are kept
 */
@ConfigurationProperties("releasegate.archive")
@Validated
record ArchiveProperties(
        @NotNull(message = "must name the archive store's folder (RELEASEGATE_ARCHIVES)") Path root,
        @Valid @DefaultValue CompressionSettings compression,
        @Valid @DefaultValue RetentionSettings retention) {

    /**
     * @param level   zstd level, 1 (fastest) to 22; 3 is zstd's own default and a good speed/size balance
     * @param workers zstd worker threads; 0 compresses on the step's own thread, 1 (as zstd -T1) on one zstd
     *                thread while the step reads and hashes the source
     */
    record CompressionSettings(
            @Min(value = 1, message = "is a zstd level, 1 to 22") @Max(value = 22, message = "is a zstd level, 1 to 22")
            @DefaultValue(Compression.DEFAULT_LEVEL) int level,
            @PositiveOrZero(message = "must be 0 or more") @DefaultValue(Compression.DEFAULT_WORKERS) int workers) {

        Compression compression() {
            return new Compression(level, workers);
        }
    }

    /**
     * @param keepLast newest archives kept per kind, besides those in use; 0 keeps every archive (docs/archives.md)
     */
    record RetentionSettings(
            @PositiveOrZero(message = "must be 0 (keep every archive) or more") @DefaultValue("0") int keepLast) {
    }
}
