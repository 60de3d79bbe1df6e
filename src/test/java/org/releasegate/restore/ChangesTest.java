package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.releasegate.data.Fingerprint.Change;
import org.releasegate.data.Fingerprint.Change.Kind;

/** What changed since a clone or an archive, as the loss report and the drill's refusal write it: in French. */
class ChangesTest {

    @Test
    void aChangeIsWrittenInFrenchNeverAsTheFingerprintsEnglish() {
        assertThat(Changes.describe(new Change("public.sale_order", Kind.CHANGED, 245L, 257L)))
                .isEqualTo("public.sale_order : modifié (245 → 257)");
        assertThat(Changes.describe(new Change("public.commande", Kind.ADDED, null, 12L)))
                .isEqualTo("public.commande : ajouté (12)");
        assertThat(Changes.describe(new Change("public.ancien", Kind.REMOVED, 3L, null)))
                .isEqualTo("public.ancien : supprimé (3)");
        assertThat(Changes.describe(new Change("clients.csv", Kind.CHANGED, null, null)))
                .isEqualTo("clients.csv : modifié").doesNotContain("changed");
    }
}
