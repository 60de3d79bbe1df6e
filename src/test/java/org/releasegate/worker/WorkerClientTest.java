package org.releasegate.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerClientTest {

    @Test
    void everyStartHasAWorkerIdOfItsOwnThatStartsWithItsUser() {
        // Two engine nodes on one host, or a node restarted in a container (the JVM is pid 1 again): never one id.
        String first = WorkerClient.workerId("release-gate-worker", "erp-host", 1);
        String second = WorkerClient.workerId("release-gate-worker", "erp-host", 1);

        assertThat(first).isNotEqualTo(second);
        assertThat(first).matches("release-gate-worker@erp-host/1-[0-9a-f]{8}");
        assertThat(WorkerClient.workerId("agent-production", "erp-prod", 4242))
                .as("an agent's id starts with its user, as the gate requires").startsWith("agent-production@erp-prod/4242-");
    }
}
