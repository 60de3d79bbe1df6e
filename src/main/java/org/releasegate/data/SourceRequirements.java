package org.releasegate.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a dump of a PostgreSQL database needs from the server it is restored on, read from the source's catalogs
 * before it is dumped: the roles that own its objects (a restore keeps them), the roles its grants name, and the
 * extensions it uses. Recorded in a snapshot's properties, so that a restore checks them before it starts.
 *
 * @param databaseOwner the owner of the source database
 * @param objectOwners  owners of its schemas, tables, sequences, views, functions, types and large objects, and roles
 *                      of its default privileges; objects of extensions and the schema {@code public} left out (a
 *                      restore does not give them owners)
 * @param grantees      roles its grants name (PUBLIC left out)
 * @param extensions    extensions created in it (not those every database has)
 */
record SourceRequirements(String databaseOwner, SortedSet<String> objectOwners, SortedSet<String> grantees,
                          SortedSet<String> extensions) {

    private static final String DATABASE_OWNER = "databaseOwner";
    private static final String OBJECT_OWNERS = "objectOwners";
    private static final String GRANTEES = "grantees";
    private static final String EXTENSIONS = "extensions";

    /** Schemas a dump leaves out. */
    private static final String USER_SCHEMA = "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'";
    private static final String NOT_OF_AN_EXTENSION = " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = %s"
            + "::regclass AND d.objid = %s AND d.deptype = 'e')";

    /**
     * The array type made with each type (_citext for citext) is dumped with it, not on its own, and is no member of
     * the type's extension: the superuser who ran a trusted extension's script owns it, whoever created the extension.
     */
    private static final String NOT_AN_IMPLICIT_ARRAY =
            " AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)";

    static SourceRequirements read(Connection source) throws SQLException {
        String owners = "SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE " + USER_SCHEMA
                + " AND n.nspname <> 'public'" + NOT_OF_AN_EXTENSION.formatted("'pg_namespace'", "n.oid")
                + " UNION SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_SCHEMA + NOT_OF_AN_EXTENSION.formatted("'pg_class'", "c.oid")
                + " UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE " + USER_SCHEMA + NOT_OF_AN_EXTENSION.formatted("'pg_proc'", "p.oid")
                + " UNION SELECT pg_get_userbyid(t.typowner) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE " + USER_SCHEMA + NOT_OF_AN_EXTENSION.formatted("'pg_type'", "t.oid") + NOT_AN_IMPLICIT_ARRAY
                + " UNION SELECT pg_get_userbyid(defaclrole) FROM pg_default_acl"
                + " UNION SELECT pg_get_userbyid(lomowner) FROM pg_largeobject_metadata";
        String grantees = "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM ("
                + " SELECT c.relacl AS acl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA
                + " UNION ALL SELECT n.nspacl FROM pg_namespace n WHERE " + USER_SCHEMA
                + " UNION ALL SELECT p.proacl FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA
                + " UNION ALL SELECT defaclacl FROM pg_default_acl"
                + " UNION ALL SELECT lomacl FROM pg_largeobject_metadata) acls, aclexplode(acls.acl) a WHERE a.grantee <> 0";
        // Extensions with an OID below FirstNormalObjectId (plpgsql) come with every database; pg_dump leaves them out.
        String extensions = "SELECT extname FROM pg_extension WHERE oid >= 16384";
        String databaseOwner = "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()";
        return new SourceRequirements(column(source, databaseOwner).first(), column(source, owners),
                column(source, grantees), column(source, extensions));
    }

    /** Every role the restored objects name: owners, grantees and the database's owner. */
    SortedSet<String> roles() {
        SortedSet<String> roles = new TreeSet<>(objectOwners);
        roles.addAll(grantees);
        roles.add(databaseOwner);
        return roles;
    }

    Map<String, String> toProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put(DATABASE_OWNER, databaseOwner);
        properties.put(OBJECT_OWNERS, String.join(",", objectOwners));
        properties.put(GRANTEES, String.join(",", grantees));
        properties.put(EXTENSIONS, String.join(",", extensions));
        return properties;
    }

    /** Empty for a snapshot taken by a Release Gate that did not record them. */
    static Optional<SourceRequirements> fromProperties(Map<String, String> properties) {
        if (!properties.containsKey(DATABASE_OWNER)) {
            return Optional.empty();
        }
        return Optional.of(new SourceRequirements(properties.get(DATABASE_OWNER), split(properties.get(OBJECT_OWNERS)),
                split(properties.get(GRANTEES)), split(properties.get(EXTENSIONS))));
    }

    private static SortedSet<String> split(String joined) {
        SortedSet<String> values = new TreeSet<>();
        if (joined != null && !joined.isEmpty()) {
            values.addAll(Arrays.asList(joined.split(",")));
        }
        return values;
    }

    private static TreeSet<String> column(Connection connection, String sql) throws SQLException {
        TreeSet<String> values = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                if (rows.getString(1) != null) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
