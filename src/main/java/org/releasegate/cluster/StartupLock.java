package org.releasegate.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Lets one engine node at a time start on a shared PostgreSQL database: from the moment its data source exists, before
 * Release Gate's tables and the engine's schema are created, until the application is ready — the models deployed,
 * groups, grants, filters, users and the first administrator created, the demo laid out. Each of these checks what
 * exists and then creates what is missing; two nodes doing it at once would both create (a second model version,
 * duplicate filters, a failed start on a duplicate key, two demo worlds in one folder). A second node started at the
 * same time waits here and then finds everything done.
 * <p>
 * The lock is a PostgreSQL session advisory lock on a connection of its own: the server releases it when that
 * connection ends, so a node killed during its start-up never leaves it held. Other databases (the embedded H2 file,
 * which one JVM opens at a time) need none.
 */
@Component
class StartupLock implements BeanPostProcessor, ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    /** The advisory lock's key: any 64-bit number that nothing else on the engine's database uses. */
    static final long KEY = 0x52454c4741544531L; // "RELGATE1"

    private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);

    private Connection held;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && held == null) {
            acquire(dataSource);
        }
        return bean;
    }

    private synchronized void acquire(DataSource dataSource) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                connection.close();
                return;
            }
            connection.setAutoCommit(true);
            if (!tryLock(connection)) {
                LOG.info("Another engine node is starting on this database: waiting until it is ready "
                        + "(PostgreSQL advisory lock {})", KEY);
                long start = System.nanoTime();
                call(connection, "select pg_advisory_lock(?)");
                LOG.info("The other engine node is ready (waited {} s): starting", (System.nanoTime() - start) / 1_000_000_000);
            }
            held = connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Cannot take the start-up lock on the engine's database: " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, KEY);
            statement.execute();
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        release();
    }

    /** Also on a failed start: the context closes before the JVM exits. */
    @Override
    public void destroy() {
        release();
    }

    private synchronized void release() {
        if (held == null) {
            return;
        }
        try {
            call(held, "select pg_advisory_unlock(?)");
        } catch (SQLException e) {
            // The connection is gone, and the lock with it.
            LOG.debug("Releasing the start-up lock: {}", e.getMessage());
        }
        closeQuietly(held);
        held = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the start-up lock's connection: {}", e.getMessage());
            }
        }
    }
}
