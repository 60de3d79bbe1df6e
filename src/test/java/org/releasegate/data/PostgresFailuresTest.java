package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which PostgreSQL failures retrying cannot fix, and the remedy a person reads for them. */
class PostgresFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"42501", "42704", "58P01", "0A000"})
    void privilegesAndMissingObjectsArePermanent(String sqlState) {
        assertThat(PostgresFailures.isPermanent(new SQLException("ERROR: refused", sqlState))).isTrue();
    }

    @ParameterizedTest
    // connection refused or lost, server shutting down or starting, serialization failure, deadlock, lock not
    // available, query cancelled by a timeout, no state at all (an I/O error)
    @ValueSource(strings = {"08001", "08006", "57P01", "57P03", "40001", "40P01", "55P03", "57014", ""})
    void connectionsConflictsLocksAndTimeoutsAreRetried(String sqlState) {
        assertThat(PostgresFailures.isPermanent(new SQLException("failure", sqlState.isEmpty() ? null : sqlState)))
                .isFalse();
    }

    @Test
    void whatPgRestoreAndPgDumpPrintTellsAPermanentFailureFromATransientOne() {
        assertThat(PostgresFailures.isPermanent("pg_restore: error: could not execute query: ERROR:  permission denied"
                + " to create extension \"pg_trgm\"")).isTrue();
        assertThat(PostgresFailures.isPermanent("pg_dump: error: aborting because of server version mismatch")).isTrue();
        assertThat(PostgresFailures.isPermanent("ERROR:  must be owner of table clients")).isTrue();
        assertThat(PostgresFailures.isPermanent("pg_restore: error: could not write to file: No space left on device"))
                .isFalse();
        assertThat(PostgresFailures.isPermanent("pg_dump: error: connection to server at \"db\" (10.0.0.5), port 5432"
                + " failed: Connection refused")).isFalse();
    }

    @Test
    void theRemedyNamesTheGrantOrSettingThatFixesIt() {
        assertThat(PostgresFailures.permanent("Base PostgreSQL de l'environnement « test »", "pg_restore into …: failed with"
                + " exit code 1:\npg_restore: error: could not execute query: ERROR:  permission denied to create"
                + " extension \"pg_trgm\"\nHINT:  Must have CREATE privilege on current database to create this"
                + " extension.", "releasegate", "gestan_test", null))
                .hasMessage("Base PostgreSQL de l'environnement « test » : le rôle releasegate ne peut pas créer"
                        + " l'extension pg_trgm : GRANT CREATE ON DATABASE gestan_test TO releasegate, ou créez"
                        + " l'extension d'avance (CREATE EXTENSION pg_trgm). Relancer ne changera rien tant que ce"
                        + " n'est pas corrigé ; le journal du serveur donne le message de PostgreSQL.")
                .satisfies(refused -> assertThat(refused.detail()).as("the server's English, for the log only")
                        .hasValueSatisfying(detail -> assertThat(detail)
                                .contains("PostgreSQL: permission denied to create extension \"pg_trgm\"")));
        assertThat(PostgresFailures.reason("ERROR: must be a member of the role whose process is being terminated or"
                + " member of pg_signal_backend", "releasegate", "gestan")).isEqualTo("le rôle releasegate ne peut pas"
                + " fermer les sessions des autres rôles : GRANT pg_signal_backend TO releasegate");
        assertThat(PostgresFailures.reason("ERROR: must be member of role \"erp_owner\"", "releasegate", "gestan"))
                .startsWith("le rôle releasegate ne peut pas agir en tant que erp_owner, propriétaire dans la copie :"
                        + " GRANT erp_owner TO releasegate");
        assertThat(PostgresFailures.reason("ERROR: permission denied for table factures", "releasegate", "gestan"))
                .isEqualTo("le rôle releasegate n'a pas le droit nécessaire sur table factures : GRANT SELECT ON"
                        + " factures TO releasegate (ou GRANT pg_read_all_data TO releasegate depuis PostgreSQL 14)");
    }
}
