package org.releasegate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.releasegate.files.FileTrees;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the Spring Boot tests: the demo application on a random port, in a throw-away world (its own H2 database
 * file, demo servers, inbox and archive store under a temporary directory). Every subclass shares this one
 * context: a second context on the same database would run a second set of workers with another password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
public abstract class IntegrationTest {

    public static final Path HOME = createHome();

    @Autowired
    protected TaskService taskService;
    @Autowired
    protected RuntimeService runtimeService;
    @Autowired
    protected HistoryService historyService;
    @Autowired
    private ExternalTaskService externalTaskService;
    @Autowired
    @Qualifier("demoSetup")
    private ApplicationRunner demoSetup;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;
    /** The application on its port, as nobody; {@code client.as(user)} is a demo user over HTTP basic. */
    protected ApplicationClient client;
    /** Releases driven through the REST API as the demo users do through Tasklist. */
    protected ReleaseSteps steps;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + HOME.resolve("db/release-gate") + ";WRITE_DELAY=0");
        registry.add("releasegate.demo.root", () -> HOME.resolve("demo").toString());
        registry.add("releasegate.inbox", () -> HOME.resolve("demo/inbox").toString());
        registry.add("releasegate.worker.retry-delay", () -> "500ms");
        registry.add("releasegate.worker.long-polling", () -> "1s");
        registry.add("releasegate.archive.root", () -> HOME.resolve("demo/archives").toString());
        registry.add("releasegate.strategic-processes-file", () -> HOME.resolve("demo/strategic-processes.yaml").toString());
        for (String environment : new String[] {"production", "test"}) {
            registry.add("releasegate.environments." + environment + ".install-root",
                    () -> HOME.resolve("demo/" + environment + "/app").toString());
            registry.add("releasegate.environments." + environment + ".data.path",
                    () -> HOME.resolve("demo/" + environment + "/data").toString());
        }
    }

    /** Injected with the test instance: a class's {@code @BeforeAll} of a per-class lifecycle has it too. */
    @Autowired
    void reachTheApplication(@LocalServerPort int port) {
        client = ApplicationClient.anonymous(port);
        steps = new ReleaseSteps(client, taskService);
    }

    /**
     * An open workaround adds a re-verification task to every later release: none outlives the test that made it
     * (the workaround tests make their own).
     */
    @AfterEach
    void forgetWorkarounds() {
        jdbc.update("DELETE FROM rg_workaround");
    }

    /**
     * Puts the demo back as on first start (production on 1.0, no release open), for tests that walk the demo
     * release: once production runs 1.1, a 1.1 release has no road-book change left to verify.
     */
    protected void startFromTheDemoAsOnFirstStart() throws Exception {
        endReleasesLeftRunning();
        for (int attempt = 1; ; attempt++) {
            try {
                FileTrees.deleteRecursively(HOME.resolve("demo"));
                break;
            } catch (NoSuchFileException | DirectoryNotEmptyException housekeeping) {
                // What a release's end deletes after its commit, on another thread (the restored base, a replaced
                // copy), may still be going: it only deletes, so deleting again ends with nothing left.
                if (attempt == 20) {
                    throw housekeeping;
                }
                Thread.sleep(100);
            }
        }
        demoSetup.run(new DefaultApplicationArguments());
    }

    /**
     * One release runs at a time (a release left running would refuse the next test's start): every test ends with
     * none, and with no automated step at work. The releases are deleted in a transaction that first locks every
     * automated step's row and finds none of them locked by a worker: a worker's fetch meanwhile waits for the deletion,
     * then finds nothing, so that no step goes on copying into the demo that the next test puts back.
     */
    @AfterEach
    void endReleasesLeftRunning() {
        for (int attempt = 1; ; attempt++) {
            ReleaseSteps.waitFor(() -> externalTaskService.createExternalTaskQuery().locked().count() == 0 ? true : null);
            List<String> open = runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                    .list().stream().map(ProcessInstance::getId).toList();
            if (open.isEmpty()) {
                return;
            }
            try {
                Boolean deleted = new TransactionTemplate(transactions).execute(status -> {
                    Timestamp now = new Timestamp(System.currentTimeMillis());
                    boolean stepAtWork = jdbc.queryForList("SELECT LOCK_EXP_TIME_ FROM ACT_RU_EXT_TASK FOR UPDATE",
                            Timestamp.class).stream().anyMatch(lock -> lock != null && lock.after(now));
                    if (stepAtWork) {
                        status.setRollbackOnly();
                        return false;
                    }
                    runtimeService.deleteProcessInstancesIfExists(open, "test over", true, true, true);
                    return true;
                });
                if (Boolean.TRUE.equals(deleted)) {
                    return;
                }
            } catch (ProcessEngineException | DataAccessException raced) {
                // one of them moved on meanwhile: read the list again
                if (attempt == 5) {
                    throw raced;
                }
            }
        }
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("release-gate-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
