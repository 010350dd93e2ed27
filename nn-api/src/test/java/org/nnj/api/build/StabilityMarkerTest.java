package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.build.ProjectModules.Module;

/**
 * Every public top-level type of a published module carries an apiguardian {@code @API} marker saying how far a
 * user may rely on it (docs/writing-a-plugin.md, "Stability"): {@code STABLE}, {@code EXPERIMENTAL} or
 * {@code INTERNAL}; and every type in an {@code internal} package is {@code INTERNAL}. Reads the sources of every
 * module (the float64 twins are generated from their float32 templates, so they carry the template's marker).
 */
class StabilityMarkerTest {
    private static final Set<String> STATUSES = Set.of("STABLE", "EXPERIMENTAL", "INTERNAL");

    @Test
    void everyPublicTypeOfAPublishedModuleHasAStabilityMarker() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Module m : ProjectModules.published()) {
            Path root = ProjectModules.root();
            for (Path source : m.mainSourceFiles()) {
                ProjectModules.PublicType type = ProjectModules.publicType(source);
                if (type == null) {
                    continue;
                }
                checked++;
                String where = root.relativize(source) + ": " + type.name();
                String status = type.status();
                String pkg = ProjectModules.packageOf(source);
                boolean internalPackage = ("." + pkg + ".").contains(".internal.");
                if (status == null) {
                    problems.add(where + ": no @API(status = ...) marker");
                } else if (!STATUSES.contains(status)) {
                    problems.add(where + ": @API status " + status + ", expected one of " + STATUSES);
                } else if (internalPackage && !status.equals("INTERNAL")) {
                    problems.add(where + ": in internal package " + pkg + " but marked " + status);
                }
            }
        }
        assertTrue(checked > 100, "found only " + checked + " public types: is the scan looking in the right place?");
        assertEquals(List.of(), problems, "public types and their stability markers (see docs/writing-a-plugin.md)");
    }
}
