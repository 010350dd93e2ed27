package org.nnj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;

class ThreadsTest {
    @Test
    void theCapIsWhatWasSetAndBelowOneIsRefusedSayingWhatWasGiven() {
        int before = Threads.max();
        try {
            Threads.setMax(1);
            assertEquals(1, Threads.max());
            Threads.setMax(3);
            assertEquals(3, Threads.max());
            ConfigException e = assertThrows(ConfigException.class, () -> Threads.setMax(0));
            assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("at least 1, got 0"),
                    e.getMessage());
            assertEquals(3, Threads.max(), "a refused value changes nothing");
        } finally {
            Threads.setMax(before);
        }
    }
}
