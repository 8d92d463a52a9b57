package dev.vigil.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The group-by values as a user types them. */
class GroupByTest {

    @Test
    void valuesAreSpelledInLowerCase() {
        assertEquals(List.of("creator", "entry", "deployment"), GroupBy.names());
        assertEquals("entry", GroupBy.ENTRY.toString());
    }

    @Test
    void eachNameGivesItsGroup() {
        for (GroupBy group : GroupBy.values()) {
            assertEquals(group, GroupBy.of(group.toString()));
        }
    }

    @Test
    void anyOtherValueIsRefusedNamingItAndTheAllowedValues() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> GroupBy.of("ENTRY"));
        assertTrue(refused.getMessage().contains("group-by=ENTRY"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[creator, entry, deployment]"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupBy.of(null));
    }
}
