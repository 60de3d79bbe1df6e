package org.releasegate.archive;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    ArchiveStore archiveStore(ArchiveProperties settings, Clock clock, ObjectMapper mapper) {
        return new ArchiveStore(settings.root(), clock, mapper, settings.compression().compression());
    }

    @Bean
    ArchiveRetention archiveRetention(ArchiveStore store, EngineArchivesInUse inUse, ArchiveProperties settings) {
        return new ArchiveRetention(store, settings.retention().keepLast(), inUse);
    }
}
