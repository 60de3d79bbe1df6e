package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.security.AuthorizationMatrix.Cell;
import org.releasegate.security.AuthorizationMatrix.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every cell of {@link AuthorizationMatrix} — role × action — tried for real through the Java API, the REST API
 * and the webapps' API: what is allowed must succeed, what is denied must be refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends IntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationMatrixTest.class);

    @Autowired
    ProcessEngine engine;
    @LocalServerPort
    int port;

    private TestReleases releases;
    private JavaApiProbe javaApi;
    private final Map<Channel, HttpApiProbe> httpApis = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicInteger> tried = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicInteger> denied = new EnumMap<>(Channel.class);

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaApiCells")
    void javaApi(Cell cell) {
        assertThat(javaApi().attempt(cell.action(), cell.role())).as(cell.toString()).isEqualTo(cell.allowed());
        count(cell);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restApiCells")
    void restApi(Cell cell) {
        assertThat(http(Channel.REST_API).attempt(cell.action(), cell.role())).as(cell.toString()).isEqualTo(cell.allowed());
        count(cell);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webappApiCells")
    void webappApi(Cell cell) {
        assertThat(http(Channel.WEBAPP_API).attempt(cell.action(), cell.role())).as(cell.toString()).isEqualTo(cell.allowed());
        count(cell);
    }

    static Stream<Cell> javaApiCells() {
        return AuthorizationMatrix.cells(Channel.JAVA_API);
    }

    static Stream<Cell> restApiCells() {
        return AuthorizationMatrix.cells(Channel.REST_API);
    }

    static Stream<Cell> webappApiCells() {
        return AuthorizationMatrix.cells(Channel.WEBAPP_API);
    }

    @AfterEach
    void deleteReleases() {
        releases().deleteAll();
    }

    @AfterAll
    void summary() {
        tried.forEach((channel, count) -> LOG.info("Authorization matrix, {}: {} cells passed, {} of them denied "
                + "(expected {} cells, {} denied)", channel, count, denied.get(channel),
                AuthorizationMatrix.cells(channel).count(), AuthorizationMatrix.deniedCells(channel)));
    }

    private void count(Cell cell) {
        tried.computeIfAbsent(cell.channel(), channel -> new AtomicInteger()).incrementAndGet();
        denied.computeIfAbsent(cell.channel(), channel -> new AtomicInteger()).addAndGet(cell.allowed() ? 0 : 1);
    }

    private TestReleases releases() {
        if (releases == null) {
            releases = new TestReleases(engine);
        }
        return releases;
    }

    private JavaApiProbe javaApi() {
        if (javaApi == null) {
            javaApi = new JavaApiProbe(engine, releases());
        }
        return javaApi;
    }

    private HttpApiProbe http(Channel channel) {
        return httpApis.computeIfAbsent(channel, c -> new HttpApiProbe(c, port, engine, releases()));
    }
}
