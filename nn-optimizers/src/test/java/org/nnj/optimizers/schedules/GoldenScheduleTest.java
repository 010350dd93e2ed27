package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;

/**
 * Matches the rate per epoch of every schedule against what PyTorch's schedulers gave when stepped once per
 * epoch ({@code tools/golden/optimizers.py}, fixture {@code golden/schedules.json}), to 1e-9 relative.
 * Each epoch is checked at its first and at a later step, with 5 steps per epoch.
 */
class GoldenScheduleTest {
    private static final long STEPS_PER_EPOCH = 5;

    static Stream<Arguments> cases() throws IOException {
        JsonNode root;
        try (InputStream in = GoldenScheduleTest.class.getResourceAsStream("/golden/schedules.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/schedules.json");
            }
            root = new ObjectMapper().readTree(in);
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            out.add(Arguments.of(c.get("schedule").asText() + " " + c.get("params"), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String label, JsonNode c) {
        Schedule schedule = schedule(c.get("schedule").asText(), raw(c.get("params")));
        double base = c.get("base_lr").asDouble();
        int epochs = c.get("epochs").asInt();
        JsonNode expected = c.get("lr_per_epoch");
        List<String> problems = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double want = expected.get(e).asDouble();
            for (long k : new long[] {0, STEPS_PER_EPOCH - 1}) {
                double found = schedule.learningRate(base,
                        new TrainingProgress(e, e * STEPS_PER_EPOCH + k, STEPS_PER_EPOCH, epochs));
                if (!(Math.abs(found - want) <= 1e-9 * Math.abs(want) + 1e-15)) {
                    problems.add("epoch " + e + " step " + k + ": PyTorch " + want + ", nnj " + found);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(label + ": rates differ from PyTorch by more than 1e-9 relative:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static Schedule schedule(String name, Map<String, Object> raw) {
        for (Schedule s : ServiceLoader.load(Schedule.class)) {
            if (s.name().equals(name)) {
                return s.configure(Config.resolve(name, s.parameters(), raw));
            }
        }
        throw new AssertionError("no schedule named " + name);
    }

    private static Map<String, Object> raw(JsonNode params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                    : (Object) v.asDouble());
        });
        return out;
    }
}
