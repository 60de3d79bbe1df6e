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
    ArchiveStore archiveStore(@Value("${releasegate.archive.root}") Path root, Clock clock, ObjectMapper mapper) {
        return new ArchiveStore(root, clock, mapper);
    }
}
