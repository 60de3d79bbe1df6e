package org.releasegate.data;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.postgresql.Driver;

/**
 * A PostgreSQL database as a JDBC URL names it, split so that the same server can be reached for another database
 * (the maintenance database, a staging database) and by the command-line tools.
 *
 * @param hosts      one host, or several separated by commas
 * @param ports      as many ports, separated by commas
 * @param parameters the URL's other parameters (sslmode…), given to the driver as they are
 */
record PostgresLocation(String hosts, String ports, String database, Map<String, String> parameters) {

    /** The longest database name that leaves room for the staging suffixes within PostgreSQL's 63 characters. */
    static final int MAX_DATABASE_NAME = 42;

    /**
     * @throws DataStoreConfigurationException when the URL is not a PostgreSQL JDBC URL naming a database
     */
    static PostgresLocation parse(String url) {
        Properties parsed = url == null ? null : Driver.parseURL(url, null);
        if (parsed == null) {
            throw new DataStoreConfigurationException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + url);
        }
        String database = parsed.getProperty("PGDBNAME");
        if (database == null || database.isEmpty()) {
            throw new DataStoreConfigurationException("the JDBC URL " + url + " names no database");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String name : parsed.stringPropertyNames()) {
            if (!name.startsWith("PG") && !name.equals("user") && !name.equals("password")) {
                parameters.put(name, parsed.getProperty(name));
            }
        }
        return new PostgresLocation(parsed.getProperty("PGHOST"), parsed.getProperty("PGPORT"), database,
                Map.copyOf(parameters));
    }

    PostgresLocation withDatabase(String name) {
        return new PostgresLocation(hosts, ports, name, parameters);
    }

    String jdbcUrl() {
        String[] hostList = hosts.split(",");
        String[] portList = ports.split(",");
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < hostList.length; i++) {
            String host = hostList[i].contains(":") ? "[" + hostList[i] + "]" : hostList[i];
            servers.add(host + ":" + portList[Math.min(i, portList.length - 1)]);
        }
        return "jdbc:postgresql://" + String.join(",", servers) + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Driver properties: the URL's parameters, a connect timeout unless it sets one, and the credentials. */
    Properties driverProperties(String username, String password, int connectTimeoutSeconds) {
        Properties properties = new Properties();
        properties.putAll(parameters);
        properties.putIfAbsent("connectTimeout", String.valueOf(connectTimeoutSeconds));
        properties.putIfAbsent("ApplicationName", "release-gate");
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** libpq's environment for pg_dump, pg_restore and post-copy commands (password outside the command line). */
    Map<String, String> libpqEnvironment(String username, String password) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PGHOST", hosts);
        environment.put("PGPORT", ports);
        environment.put("PGDATABASE", database);
        environment.put("PGAPPNAME", "release-gate");
        environment.put("PGCONNECT_TIMEOUT", parameters.getOrDefault("connectTimeout", "10"));
        if (username != null) {
            environment.put("PGUSER", username);
        }
        if (password != null && !password.isEmpty()) {
            environment.put("PGPASSWORD", password);
        }
        if (parameters.containsKey("sslmode")) {
            environment.put("PGSSLMODE", parameters.get("sslmode"));
        }
        return environment;
    }

    /** {@code gestan on db.example:5432}, for messages. */
    String describe() {
        return "'" + database + "' on " + hosts + ":" + ports;
    }
}
