package org.releasegate.installation;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InstallationConfiguration {

    @Bean
    Installer installer(Clock clock) {
        return new Installer(clock);
    }
}
