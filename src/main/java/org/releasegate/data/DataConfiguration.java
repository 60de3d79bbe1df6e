package org.releasegate.data;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DataConfiguration {

    @Bean
    FolderCopier directoryDataStore() {
        return new FolderCopier();
    }
}
