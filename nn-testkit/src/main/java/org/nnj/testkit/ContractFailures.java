package org.nnj.testkit;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Assertions;

/**
 * Collects every violation a contract check finds, then fails once with all of them (up to a limit), so one
 * run shows the whole pattern: "wrong at every negative z" is easier to diagnose than the first failure alone.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class ContractFailures {
    private static final int SHOWN = 12;
    private final String subject;
    private final List<String> problems = new ArrayList<>();

    /** @param subject what is checked, e.g. {@code "activation relu (org.nnj.activations.Relu) {}"} */
    public ContractFailures(String subject) {
        this.subject = subject;
    }

    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int count() {
        return problems.size();
    }

    /** Fails the current test listing the problems, headed by the subject and {@code check}. */
    public void assertNone(String check) {
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(subject).append(": ").append(check).append(" failed ")
                .append(problems.size()).append(problems.size() == 1 ? " time" : " times");
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
            sb.append("\n  - ").append(problems.get(i));
        }
        if (problems.size() > SHOWN) {
            sb.append("\n  ... and ").append(problems.size() - SHOWN).append(" more");
        }
        Assertions.fail(sb.toString());
    }
}
