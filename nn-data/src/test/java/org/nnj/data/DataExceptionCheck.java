package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;
import org.nnj.api.DataException;

/** A DataException naming {@code source} whose message contains at least one of the alternatives. */
final class DataExceptionCheck {
    private DataExceptionCheck() {
    }

    static void anyOf(Executable action, String source, String... alternatives) {
        DataException e = assertThrows(DataException.class, action);
        assertTrue(e.getMessage().contains(source), e.getMessage());
        assertTrue(Arrays.stream(alternatives).anyMatch(e.getMessage()::contains),
                () -> "expected one of " + Arrays.toString(alternatives) + " in: " + e.getMessage());
    }
}
