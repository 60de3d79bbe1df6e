package org.releasegate.archive;

import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    ArchiveStore archiveStore(@Value("${releasegate.archive.root}") Path root, Clock clock, ObjectMapper mapper,
                              @Value("${releasegate.archive.compression.level:3}") int level,
                              @Value("${releasegate.archive.compression.workers:1}") int workers) {
        return new ArchiveStore(root, clock, mapper, new Compression(level, workers));
    }

    @Bean
    ArchiveRetention archiveRetention(ArchiveStore store, EngineArchivesInUse inUse,
                                      @Value("${releasegate.archive.retention.keep-last:0}") int keepLast) {
        return new ArchiveRetention(store, keepLast, inUse);
    }
}
