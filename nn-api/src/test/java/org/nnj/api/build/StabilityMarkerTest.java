package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** A top-level type starts at column 0 in this project's formatting. */
    private static final Pattern PUBLIC_TOP_LEVEL = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp|static)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern MARKER =
            Pattern.compile("^@API\\(status\\s*=\\s*(?:API\\.Status\\.)?(\\w+)", Pattern.MULTILINE);
    private static final Pattern END_OF_PREVIOUS = Pattern.compile("^(?:import|package)\\s[^;]*;|^}", Pattern.MULTILINE);

    @Test
    void everyPublicTypeOfAPublishedModuleHasAStabilityMarker() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Module m : ProjectModules.published()) {
            Path root = ProjectModules.root();
            for (Path source : m.mainSourceFiles()) {
                String text = ProjectModules.read(source);
                Matcher type = PUBLIC_TOP_LEVEL.matcher(text);
                if (!type.find()) {
                    continue;
                }
                checked++;
                String where = root.relativize(source) + ": " + type.group(1);
                String status = markerBefore(text, type.start());
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

    /** The status of the {@code @API} annotation between the type's javadoc/annotations and the declaration. */
    private static String markerBefore(String text, int declaration) {
        Matcher previous = END_OF_PREVIOUS.matcher(text);
        int from = 0;
        while (previous.find() && previous.end() <= declaration) {
            from = previous.end();
        }
        Matcher marker = MARKER.matcher(text.substring(from, declaration));
        return marker.find() ? marker.group(1) : null;
    }
}
